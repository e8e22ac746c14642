namespace ChaosDashboard.Aws.Signing;

/// <summary>
/// What the signing pipeline needs to know about one AWS service. Values are those of the botocore
/// service models' metadata (serviceId, endpointPrefix, signingName).
/// </summary>
/// <param name="Key">Short key used in <see cref="AwsSettings.ServiceEndpointUrls"/>.</param>
/// <param name="DisplayName">Name used in error messages.</param>
/// <param name="EndpointPrefix">Host prefix of the public endpoint: https://{prefix}.{region}.amazonaws.com.</param>
/// <param name="SigningName">Service name in the SigV4 credential scope.</param>
/// <param name="ServiceId">Model serviceId; AWS_ENDPOINT_URL_{SERVICE_ID} names its endpoint variable.</param>
public sealed record AwsService(string Key, string DisplayName, string EndpointPrefix, string SigningName, string ServiceId)
{
    public static readonly AwsService Ecs = new("ecs", "ECS", "ecs", "ecs", "ECS");
    public static readonly AwsService Fis = new("fis", "FIS", "fis", "fis", "fis");
    public static readonly AwsService Logs = new("logs", "CloudWatch Logs", "logs", "logs", "CloudWatch Logs");
    public static readonly AwsService Sts = new("sts", "STS", "sts", "sts", "STS");
    public static readonly AwsService DynamoDb = new("dynamodb", "DynamoDB", "dynamodb", "dynamodb", "DynamoDB");
    public static readonly AwsService Ec2 = new("ec2", "EC2", "ec2", "ec2", "EC2");

    /// <summary>"CloudWatch Logs" → "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", as the AWS SDKs and CLI name it.</summary>
    public string EndpointEnvironmentVariable =>
        "AWS_ENDPOINT_URL_" + ServiceId.Replace(' ', '_').Replace('-', '_').ToUpperInvariant();
}
