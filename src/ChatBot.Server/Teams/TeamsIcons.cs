using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ChatBot.Server.Teams;

/// <summary>
/// The two icons Teams requires, drawn as a speech bubble: 192×192 in colour on the accent colour, and 32×32 as a
/// white outline on a transparent background (Teams tints it). Drawn pixel by pixel: ImageSharp's drawing package is
/// not served here, and two shapes need no more.
/// </summary>
public static class TeamsIcons
{
    public const string AccentColor = "#3B5BDB";

    public static Task WriteColorAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var image = new Image<Rgba32>(192, 192, Rgba32.ParseHex(AccentColor));
        Draw(image, (x, y) => Bubble(x / 192.0, y / 192.0, 0) ? new Rgba32(255, 255, 255) : null);
        return image.SaveAsPngAsync(stream, cancellationToken);
    }

    public static Task WriteOutlineAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var image = new Image<Rgba32>(32, 32, new Rgba32(0, 0, 0, 0));

        // An outline two pixels wide: inside the bubble but not inside the bubble shrunk by that much.
        Draw(image, (x, y) => Bubble(x / 32.0, y / 32.0, 0) && !Bubble(x / 32.0, y / 32.0, 2 / 32.0) ? new Rgba32(255, 255, 255) : null);
        return image.SaveAsPngAsync(stream, cancellationToken);
    }

    private static void Draw(Image<Rgba32> image, Func<int, int, Rgba32?> pixel)
    {
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (pixel(x, y) is { } colour)
                {
                    image[x, y] = colour;
                }
            }
        }
    }

    /// <summary>Whether a point (0–1 on both axes) lies in the bubble, shrunk by <paramref name="inset"/>: a rounded
    /// rectangle over a small tail at its lower left.</summary>
    private static bool Bubble(double x, double y, double inset)
    {
        const double left = 0.18, top = 0.2, right = 0.82, bottom = 0.68, radius = 0.14;
        var (l, t, r, b, rad) = (left + inset, top + inset, right - inset, bottom - inset, Math.Max(0, radius - inset));
        var cx = Math.Clamp(x, l + rad, r - rad);
        var cy = Math.Clamp(y, t + rad, b - rad);
        var inBody = x >= l && x <= r && y >= t && y <= b && ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= rad * rad;

        // The tail: a triangle from the body's lower edge down to a point below its left third.
        var inTail = y > b - 0.01 && y <= 0.84 - inset && x >= l + 0.1 && x <= l + 0.1 + ((0.84 - inset - y) * 1.2);
        return inBody || inTail;
    }
}
