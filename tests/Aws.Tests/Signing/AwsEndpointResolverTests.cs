using Amazon;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws.Tests.Signing;

public sealed class AwsEndpointResolverTests
{
    private static readonly AwsSettings Defaults = new() { Region = "eu-west-1" };

    [Fact]
    public void Without_overrides_the_public_regional_endpoint_is_used()
    {
        Assert.Equal(new Uri("https://ecs.eu-west-1.amazonaws.com/"), Resolve(Defaults, AwsService.Ecs, RegionEndpoint.EUWest1));
        Assert.Equal(new Uri("https://logs.eu-west-1.amazonaws.com/"), Resolve(Defaults, AwsService.Logs, RegionEndpoint.EUWest1));
        Assert.Equal(new Uri("https://fis.cn-north-1.amazonaws.com.cn/"), Resolve(Defaults, AwsService.Fis, RegionEndpoint.CNNorth1));
    }

    [Fact]
    public void A_service_variable_wins_over_the_global_one()
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
            ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = "http://127.0.0.1:9999",
        };

        Assert.Equal(new Uri("http://127.0.0.1:9999/"), Resolve(Defaults, AwsService.Logs, RegionEndpoint.EUWest1, environment));
        Assert.Equal(new Uri("http://127.0.0.1:4566/"), Resolve(Defaults, AwsService.Ecs, RegionEndpoint.EUWest1, environment));
    }

    [Theory]
    [InlineData("ecs", "AWS_ENDPOINT_URL_ECS")]
    [InlineData("fis", "AWS_ENDPOINT_URL_FIS")]
    [InlineData("logs", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS")]
    [InlineData("sts", "AWS_ENDPOINT_URL_STS")]
    [InlineData("dynamodb", "AWS_ENDPOINT_URL_DYNAMODB")]
    public void Variables_are_named_after_the_service_id(string key, string variable)
    {
        var service = new[] { AwsService.Ecs, AwsService.Fis, AwsService.Logs, AwsService.Sts, AwsService.DynamoDb }.Single(s => s.Key == key);
        Assert.Equal(variable, service.EndpointEnvironmentVariable);
    }

    [Fact]
    public void Settings_win_over_the_environment_and_per_service_settings_win_over_global_ones()
    {
        var environment = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_ECS"] = "http://127.0.0.1:1111" };
        var settings = Defaults with
        {
            EndpointUrl = new Uri("http://127.0.0.1:2222"),
            ServiceEndpointUrls = new Dictionary<string, Uri> { ["fis"] = new("http://127.0.0.1:3333") },
        };

        Assert.Equal(new Uri("http://127.0.0.1:2222/"), Resolve(settings, AwsService.Ecs, RegionEndpoint.EUWest1, environment));
        Assert.Equal(new Uri("http://127.0.0.1:3333/"), Resolve(settings, AwsService.Fis, RegionEndpoint.EUWest1, environment));
    }

    [Fact]
    public void Endpoint_variables_can_be_ignored()
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
            ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true",
        };

        Assert.Equal(new Uri("https://ecs.eu-west-1.amazonaws.com/"), Resolve(Defaults, AwsService.Ecs, RegionEndpoint.EUWest1, environment));
        Assert.Equal(new Uri("https://ecs.eu-west-1.amazonaws.com/"),
            Resolve(Defaults with { UseEndpointEnvironmentVariables = false }, AwsService.Ecs, RegionEndpoint.EUWest1,
                new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566" }));
    }

    [Fact]
    public void A_relative_endpoint_is_a_configuration_error()
    {
        var environment = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_ECS"] = "localhost:4566/x" };
        var error = Assert.Throws<InvalidOperationException>(() => Resolve(Defaults, AwsService.Ecs, RegionEndpoint.EUWest1, environment));
        Assert.Contains("ECS", error.Message);
    }

    private static Uri Resolve(AwsSettings settings, AwsService service, RegionEndpoint region, Dictionary<string, string>? environment = null) =>
        AwsEndpointResolver.Resolve(settings, service, region, name => environment?.GetValueOrDefault(name));
}
