using System.Net;

namespace ChaosDashboard.Access;

/// <summary>The few pages served without Blazor: plain HTML with no script, under the same headers as every page.</summary>
static class RoomPages
{
    const string Style = "body{font-family:system-ui,sans-serif;background:#1e1e2d;color:#e6e6ef;display:grid;place-items:center;min-height:90vh;margin:0}main{max-width:36rem;padding:2rem;line-height:1.5}h1{font-size:1.6rem}";

    static string Page(string title, string body, string head = "") =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{head}<title>{WebUtility.HtmlEncode(title)} · Chaos Dashboard</title><style>{Style}</style></head><body><main>{body}</main></body></html>";

    public static string Full(string why) => Page("The dashboard is full",
        $"<h1>The dashboard is full</h1><p>{WebUtility.HtmlEncode(why)}</p><p>Watch the projected screen for now; this page tries again every 30 seconds.</p>",
        // Tries again by itself, without a script.
        "<meta http-equiv=\"refresh\" content=\"30\">");

    public static readonly string LoginRefused = Page("Not the operator link",
        "<h1>This operator link does not work</h1><p>The token is wrong, or it has been used already: each printed link signs in one browser. " +
        "The dashboard's console prints the next link after each sign-in.</p><p><a href=\"/\" style=\"color:#9ecbff\">Follow along as a viewer</a></p>");
}
