namespace ChaosDashboard.Aws.DynamoDb;

/// <summary>
/// One item of the workshop table, schema-agnostic: key and other attributes rendered as strings,
/// and the batch job's item number when one can be recognised.
/// </summary>
/// <param name="Key">Key attribute name → value, as the table's key schema defines them.</param>
/// <param name="Attributes">Every other attribute name → value (lists, maps and sets as JSON).</param>
/// <param name="ItemIndex">The job's item number (0..9 in the workshop), or null when none is recognisable.</param>
public sealed record WorkshopItem(
    IReadOnlyDictionary<string, string> Key,
    IReadOnlyDictionary<string, string> Attributes,
    int? ItemIndex);

/// <summary>A key attribute: its name and DynamoDB scalar type, "S", "N" or "B".</summary>
public sealed record KeyAttribute(string Name, string Type)
{
    public bool IsNumber => Type == "N";
}

/// <summary>The table's primary key as DescribeTable reports it.</summary>
public sealed record TableKeySchema(KeyAttribute PartitionKey, KeyAttribute? SortKey)
{
    public IEnumerable<KeyAttribute> Attributes => SortKey is null ? [PartitionKey] : [PartitionKey, SortKey];
}
