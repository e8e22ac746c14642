namespace ChaosDashboard.StartTimeAnalysis.Reports;

public enum ReportFormat
{
    /// <summary>Pipe tables and a footer, for reading.</summary>
    Markdown,
    /// <summary>RFC 4180 tables, separated by one empty line; footer on the error stream.</summary>
    Csv,
    /// <summary>One JSON document; footer on the error stream.</summary>
    Json,
}

/// <summary>Which tables a report prints.</summary>
[Flags]
public enum ReportTables
{
    Tasks = 1,
    Groups = 2,
    Comparison = 4,
    All = Tasks | Groups | Comparison,
}
