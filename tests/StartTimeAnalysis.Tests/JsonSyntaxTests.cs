using System.Text;
using System.Text.Json;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

/// <summary>
/// The scanner's JSON grammar passes over exactly the values System.Text.Json reads: random nested values,
/// whole and then damaged byte by byte, get the same answer from both.
/// </summary>
public class JsonSyntaxTests
{
    [Fact]
    public void Random_values_and_their_damaged_copies_are_judged_as_System_Text_Json_judges_them()
    {
        var random = new Random(7);
        byte[] replacements = "{}[]\",:\\ 0-9.eE+tfnrul\t\nax"u8.ToArray();
        int valid = 0, invalid = 0;
        for (int i = 0; i < 3000; i++)
        {
            var text = new StringBuilder();
            WriteValue(text, random, depth: 0);
            byte[] value = Encoding.ASCII.GetBytes(text.ToString());
            Assert.True(Skips(value), text.ToString());
            Assert.True(IsOneValue(value), text.ToString());

            for (int j = 0; j < 10; j++)
            {
                byte[] damaged = (byte[])value.Clone();
                int at = random.Next(damaged.Length);
                switch (random.Next(3))
                {
                    case 0: damaged[at] = replacements[random.Next(replacements.Length)]; break;
                    case 1: damaged = [.. damaged[..at], .. damaged[(at + 1)..]]; break;
                    default: damaged = [.. damaged[..at], replacements[random.Next(replacements.Length)], .. damaged[at..]]; break;
                }

                bool expected = IsOneValue(damaged);
                Assert.True(expected == Skips(damaged), Encoding.ASCII.GetString(damaged));
                _ = expected ? valid++ : invalid++;
            }
        }

        // Damage both leaves values valid (a changed digit or letter in a string) and breaks them.
        Assert.True(valid > 2000 && invalid > 2000, $"{valid} valid, {invalid} invalid");
    }

    [Theory]
    [InlineData(JsonSyntax.MaxDepth, true)]
    [InlineData(JsonSyntax.MaxDepth + 1, false)]
    public void Nesting_is_passed_over_as_deep_as_the_scanner_goes(int levels, bool passed)
    {
        var text = new StringBuilder();
        for (int i = 0; i < levels; i++)
        {
            text.Append(i % 2 == 0 ? "[" : "{\"k\":");
        }

        text.Append("1");
        for (int i = levels - 1; i >= 0; i--)
        {
            text.Append(i % 2 == 0 ? "]" : "}");
        }

        Assert.Equal(passed, Skips(Encoding.ASCII.GetBytes(text.ToString())));
    }

    /// <summary>The whole text is one value to <see cref="JsonSyntax.TrySkipValue"/>, with nothing after it but spaces.</summary>
    private static bool Skips(byte[] text)
    {
        int at = JsonSyntax.SkipSpace(text, 0);
        return JsonSyntax.TrySkipValue(text, ref at, 0) && JsonSyntax.SkipSpace(text, at) == text.Length;
    }

    private static bool IsOneValue(byte[] text)
    {
        try
        {
            var reader = new Utf8JsonReader(text, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void WriteValue(StringBuilder text, Random random, int depth)
    {
        int kind = random.Next(depth >= 6 ? 5 : 7);
        switch (kind)
        {
            case 0: text.Append('"').Append(random.Next(3) == 0 ? "a\\\"b\\u00e9\\n" : "id-" + random.Next(1000)).Append('"'); break;
            case 1: text.Append(random.Next(-500, 500)).Append(random.Next(3) == 0 ? ".25" : "").Append(random.Next(4) == 0 ? "e-3" : ""); break;
            case 2: text.Append("true"); break;
            case 3: text.Append("false"); break;
            case 4: text.Append("null"); break;
            case 5:
                text.Append('[').Append(Space(random));
                for (int i = 0, n = random.Next(4); i < n; i++)
                {
                    if (i > 0) text.Append(',').Append(Space(random));
                    WriteValue(text, random, depth + 1);
                }

                text.Append(Space(random)).Append(']');
                break;
            default:
                text.Append('{').Append(Space(random));
                for (int i = 0, n = random.Next(4); i < n; i++)
                {
                    if (i > 0) text.Append(',');
                    text.Append("\"k").Append(i).Append('"').Append(Space(random)).Append(':').Append(Space(random));
                    WriteValue(text, random, depth + 1);
                }

                text.Append('}');
                break;
        }
    }

    private static string Space(Random random) => random.Next(4) == 0 ? " \t" : "";
}
