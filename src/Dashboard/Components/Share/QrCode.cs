using QRCoder;

namespace ChaosDashboard.Components.Share;

/// <summary>
/// A QR code as a PNG data: URI (the page's policy allows data: images): drawn on the server, no script,
/// dark on light with the quiet zone, which phone cameras read best even on a dark page.
/// </summary>
public static class QrCode
{
    static (string Text, string Uri)? _last;

    public static string DataUri(string text)
    {
        if (_last is { } last && last.Text == text) return last.Uri;
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(8);
        var uri = "data:image/png;base64," + Convert.ToBase64String(png);
        _last = (text, uri);
        return uri;
    }
}
