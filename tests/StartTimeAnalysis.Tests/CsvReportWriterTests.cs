using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Reports;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

public class CsvReportWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData("", "")]
    public void Fields_are_quoted_only_when_needed_and_quotes_doubled(string field, string expected)
    {
        Assert.Equal(expected, CsvReportWriter.Escape(field));
    }

    [Fact]
    public void A_family_with_a_comma_and_quotes_stays_one_field()
    {
        var sample = new TaskStartSample
        {
            TaskArn = "arn:aws:ecs:us-east-1:1:task/c/t1",
            TaskDefinitionArn = "arn:aws:ecs:us-east-1:1:task-definition/odd,\"name\":4",
            CreatedAt = Fixtures.Utc("2023-03-03T11:00:00Z"),
            StartedAt = Fixtures.Utc("2023-03-03T11:00:01.5Z"),
        };
        var output = new StringWriter();

        CsvReportWriter.Write(StartTimeReport.Build([sample]), output, ReportTables.Tasks);

        string record = output.ToString().Split("\r\n")[1];
        Assert.Equal("t1,arn:aws:ecs:us-east-1:1:task/c/t1,\"odd,\"\"name\"\"\",4,,2023-03-03T11:00:00.000Z,,,2023-03-03T11:00:01.500Z,true,1.500,,,", record);
    }
}
