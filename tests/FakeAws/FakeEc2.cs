using System.Globalization;
using System.Xml.Linq;

namespace ChaosDashboard.FakeAws;

/// <summary>
/// EC2's DescribeVpcs, DescribeSubnets and DescribeSecurityGroups over EC2's query protocol: a
/// form-encoded POST in, XML out, with the element names of the botocore model (vpcSet, subnetSet,
/// securityGroupInfo, lists of &lt;item&gt;, tagSet). Filters by vpc-id, id, tag:Key and a few
/// others; pages hold at most <see cref="FakeAwsOptions.Ec2PageSize"/> entries, with a nextToken.
/// </summary>
public sealed class FakeEc2(FakeAwsOptions options)
{
    public const string ApiVersion = "2016-11-15";
    public static readonly XNamespace Xmlns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    FakeNetwork Network => options.ResolvedNetwork;

    internal AwsAnswer Handle(string operation, IReadOnlyDictionary<string, string> form)
    {
        if (form.GetValueOrDefault("Version") != ApiVersion)
            return AwsAnswer.Error(400, "InvalidAction", $"The action {operation} is not valid for this web service (version {form.GetValueOrDefault("Version")}).");
        if (form.GetValueOrDefault("DryRun") == "true")
            return AwsAnswer.Error(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
        return operation switch
        {
            "DescribeVpcs" => Describe(operation, form, "VpcId", "vpcSet", Network.Vpcs, VpcFilter, v => v.VpcId, Vpc),
            "DescribeSubnets" => Describe(operation, form, "SubnetId", "subnetSet", Network.Subnets, SubnetFilter, s => s.SubnetId, Subnet),
            "DescribeSecurityGroups" => Describe(operation, form, "GroupId", "securityGroupInfo", Network.SecurityGroups, GroupFilter, g => g.GroupId, Group),
            _ => AwsAnswer.Error(400, "InvalidAction", $"The action {operation} is not valid for this web service."),
        };
    }

    /// <summary>A filter's test for one resource; null when the filter name is not one EC2 knows for it.</summary>
    delegate bool? Filter<T>(T item, string name, string value);

    AwsAnswer Describe<T>(
        string operation, IReadOnlyDictionary<string, string> form, string idParameter, string setName, IReadOnlyList<T> all,
        Filter<T> filter, Func<T, string> idOf, Func<T, XElement> toXml)
    {
        var known = new[] { "Action", "Version", "DryRun", "MaxResults", "NextToken" };
        if (form.Keys.FirstOrDefault(k => !known.Contains(k) && !k.StartsWith("Filter.", StringComparison.Ordinal)
                && !k.StartsWith(idParameter + ".", StringComparison.Ordinal)) is { } unknown)
            return AwsAnswer.Error(400, "UnknownParameter", $"The parameter {unknown} is not recognized");

        int? maxResults = null;
        if (form.TryGetValue("MaxResults", out var maxText))
        {
            if (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max is < 5 or > 1000)
                return AwsAnswer.Error(400, "InvalidParameterValue", $"Value ( {maxText} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.");
            maxResults = max;
        }

        var ids = Numbered(form, idParameter).ToList();
        var filters = new List<(string Name, List<string> Values)>();
        for (var i = 1; form.TryGetValue($"Filter.{i}.Name", out var name); i++)
            filters.Add((name, Numbered(form, $"Filter.{i}.Value").ToList()));

        var matching = new List<T>();
        foreach (var item in all)
        {
            if (ids.Count > 0 && !ids.Contains(idOf(item))) continue;
            var keep = true;
            foreach (var (name, values) in filters)
            {
                var results = values.Select(value => filter(item, name, value)).ToList();
                if (results.Any(r => r is null))
                    return AwsAnswer.Error(400, "InvalidParameterValue", $"The filter '{name}' is invalid");
                keep &= results.Any(r => r == true);
            }
            if (keep) matching.Add(item);
        }
        if (ids.FirstOrDefault(id => !all.Any(item => idOf(item) == id)) is { } missing)
            return AwsAnswer.Error(400, $"Invalid{idParameter}.NotFound", $"The {idParameter} '{missing}' does not exist");

        var start = 0;
        if (form.TryGetValue("NextToken", out var token)
            && (!token.StartsWith("page-", StringComparison.Ordinal) || !int.TryParse(token[5..], NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > matching.Count))
            return AwsAnswer.Error(400, "InvalidParameterValue", $"The token '{token}' is invalid.");
        // Real EC2 answers everything when MaxResults is absent; the fake pages anyway, so readers must follow tokens.
        var size = Math.Min(maxResults ?? int.MaxValue, options.Ec2PageSize);
        var page = matching.Skip(start).Take(size).ToList();
        var next = start + page.Count < matching.Count ? $"page-{start + page.Count}" : null;

        var response = new XElement(Xmlns + $"{operation}Response",
            new XElement(Xmlns + "requestId", Ids.RequestId()),
            new XElement(Xmlns + setName, page.Select(toXml)));
        if (next is not null) response.Add(new XElement(Xmlns + "nextToken", next));
        return AwsAnswer.Xml(response);
    }

    static IEnumerable<string> Numbered(IReadOnlyDictionary<string, string> form, string prefix)
    {
        for (var i = 1; form.TryGetValue($"{prefix}.{i}", out var value); i++) yield return value;
    }

    /// <summary>EC2's filter values match whole values; '*' stands for any characters and '?' for one.</summary>
    static bool Matches(string? actual, string pattern) =>
        actual is not null && System.Text.RegularExpressions.Regex.IsMatch(actual,
            "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$");

    static bool? TagFilter(IReadOnlyDictionary<string, string> tags, string name, string value) =>
        name == "tag-key" ? tags.Keys.Any(k => Matches(k, value))
        : name.StartsWith("tag:", StringComparison.Ordinal) ? Matches(tags.GetValueOrDefault(name[4..]), value)
        : null;

    static Dictionary<string, string> TagsOf(string? name, IReadOnlyDictionary<string, string>? tags)
    {
        var all = new Dictionary<string, string>(tags ?? new Dictionary<string, string>());
        if (name is not null) all["Name"] = name;
        return all;
    }

    static bool? VpcFilter(FakeVpc vpc, string name, string value) => name switch
    {
        "vpc-id" => Matches(vpc.VpcId, value),
        "is-default" => Matches(vpc.IsDefault ? "true" : "false", value),
        "state" => Matches("available", value),
        "cidr" => Matches(vpc.CidrBlock, value),
        _ => TagFilter(TagsOf(vpc.Name, null), name, value),
    };

    static bool? SubnetFilter(FakeSubnet subnet, string name, string value) => name switch
    {
        "vpc-id" => Matches(subnet.VpcId, value),
        "subnet-id" => Matches(subnet.SubnetId, value),
        "availability-zone" or "availabilityZone" => Matches(subnet.AvailabilityZone, value),
        "map-public-ip-on-launch" => Matches(subnet.MapPublicIpOnLaunch ? "true" : "false", value),
        "state" => Matches("available", value),
        _ => TagFilter(TagsOf(subnet.Name, subnet.Tags), name, value),
    };

    static bool? GroupFilter(FakeSecurityGroup group, string name, string value) => name switch
    {
        "vpc-id" => Matches(group.VpcId, value),
        "group-id" => Matches(group.GroupId, value),
        "group-name" => Matches(group.GroupName, value),
        "description" => Matches(group.Description, value),
        _ => TagFilter(group.Tags ?? new Dictionary<string, string>(), name, value),
    };

    static XElement E(string name, object? content) => new(Xmlns + name, content);

    static XElement TagSet(IReadOnlyDictionary<string, string> tags) =>
        E("tagSet", tags.Select(t => E("item", new[] { E("key", t.Key), E("value", t.Value) })));

    XElement Vpc(FakeVpc vpc)
    {
        var element = E("item", new[]
        {
            E("vpcId", vpc.VpcId), E("ownerId", options.Account), E("state", "available"), E("cidrBlock", vpc.CidrBlock),
            E("cidrBlockAssociationSet", E("item", new[]
            {
                E("cidrBlock", vpc.CidrBlock), E("associationId", $"vpc-cidr-assoc-{vpc.VpcId[4..]}"),
                E("cidrBlockState", E("state", "associated")),
            })),
            E("dhcpOptionsId", "dopt-0123456789abcdef0"), E("instanceTenancy", "default"), E("isDefault", vpc.IsDefault ? "true" : "false"),
        });
        if (vpc.Name is not null) element.Add(TagSet(TagsOf(vpc.Name, null)));
        return element;
    }

    XElement Subnet(FakeSubnet subnet) => E("item", new[]
    {
        E("subnetId", subnet.SubnetId),
        E("subnetArn", $"arn:aws:ec2:{options.Region}:{options.Account}:subnet/{subnet.SubnetId}"),
        E("state", "available"), E("ownerId", options.Account), E("vpcId", subnet.VpcId), E("cidrBlock", subnet.CidrBlock),
        E("availableIpAddressCount", 250), E("availabilityZone", subnet.AvailabilityZone), E("availabilityZoneId", $"use1-az{subnet.AvailabilityZone[^1] - 'a' + 1}"),
        E("defaultForAz", subnet.VpcId == FakeNetwork.DefaultVpcId ? "true" : "false"),
        E("mapPublicIpOnLaunch", subnet.MapPublicIpOnLaunch ? "true" : "false"),
        E("assignIpv6AddressOnCreation", "false"), E("ipv6CidrBlockAssociationSet", null),
        TagSet(TagsOf(subnet.Name, subnet.Tags)),
    });

    XElement Group(FakeSecurityGroup group) => E("item", new[]
    {
        E("ownerId", options.Account), E("groupId", group.GroupId), E("groupName", group.GroupName),
        E("groupDescription", group.Description), E("vpcId", group.VpcId),
        E("ipPermissions", null),
        // Outbound open, as a new group's default rule: ECR, CloudWatch Logs and DynamoDB are reached that way.
        E("ipPermissionsEgress", E("item", new[]
        {
            E("ipProtocol", "-1"), E("groups", null), E("ipRanges", E("item", E("cidrIp", "0.0.0.0/0"))),
            E("ipv6Ranges", null), E("prefixListIds", null),
        })),
        TagSet(group.Tags ?? new Dictionary<string, string>()),
    });
}
