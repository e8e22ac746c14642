using System.Net.Http.Headers;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws.Protocol;

/// <summary>
/// The awsJson 1.1 protocol of ECS and CloudWatch Logs: every operation is <c>POST /</c> with
/// <c>X-Amz-Target: {targetPrefix}.{Operation}</c> and a JSON body of the operation's input.
/// </summary>
public sealed class AwsJsonRpcClient
{
    /// <summary>Exactly this, without "; charset=…": awsJson services reject other values.</summary>
    public const string ContentType = "application/x-amz-json-1.1";

    private readonly SignedHttpChannel _channel;
    private readonly string _targetPrefix;

    public AwsJsonRpcClient(SignedHttpChannel channel, string targetPrefix)
    {
        _channel = channel;
        _targetPrefix = targetPrefix;
    }

    public SignedHttpChannel Channel => _channel;

    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string operation, TRequest request, CancellationToken cancellationToken)
        where TResponse : class, new()
    {
        var body = AwsJson.Serialize(request);
        var target = $"{_targetPrefix}.{operation}";
        var response = await _channel.SendAsync(operation, () =>
        {
            var message = new HttpRequestMessage(HttpMethod.Post, _channel.BaseUrl)
            {
                Content = new ByteArrayContent(body),
            };
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            return message;
        }, cancellationToken).ConfigureAwait(false);
        return AwsJson.Deserialize<TResponse>(_channel.Service, operation, response);
    }
}
