using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recur.Cli.Commands.Metrics;

/// <summary>sacreBLEU's JSON: name, the score rounded as printed, the signature and its fields, and the verbose score.</summary>
internal static class MetricJson
{
    public static string Format(string name, double score, string signature, string line)
    {
        string printed = line[(line.IndexOf(" = ", StringComparison.Ordinal) + 3)..];
        int space = printed.IndexOf(' ');
        var json = new JsonObject
        {
            ["name"] = name,
            ["score"] = double.Parse(space < 0 ? printed : printed[..space], System.Globalization.CultureInfo.InvariantCulture),
            ["signature"] = signature,
        };
        if (space >= 0) json["verbose_score"] = printed[(space + 1)..];
        foreach (string field in signature.Split('|'))
        {
            int colon = field.IndexOf(':');
            json[field[..colon]] = field[(colon + 1)..];
        }
        json["full_score"] = score;
        return json.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
