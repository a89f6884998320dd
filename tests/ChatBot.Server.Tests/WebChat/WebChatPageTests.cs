using ChatBot.Tests.Shared;
using Microsoft.Playwright;

namespace ChatBot.Server.Tests.WebChat;

/// <summary>The page at <c>/</c> with the real Web Chat widget in Chromium, talking to the built-in Direct Line.</summary>
public sealed class WebChatPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime, IDisposable
{
    private static readonly float Timeout = 30_000;
    private readonly TempFolder _data = new();
    private ServerHost _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerHost.StartAsync(_data.File("index.snapshot"));
        Assert.True((await _server.WaitUntilReadyAsync()).Ready);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _data.Dispose();

    private async Task<IPage> OpenAsync(int width = 1100, int height = 900)
    {
        Skip.If(browser.Browser is null, browser.MissingReason);
        var context = await browser.Browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        await page.GotoAsync(_server.Client.BaseAddress!.ToString());
        return page;
    }

    private static ILocator Transcript(IPage page) => page.Locator("#chat");

    private static async Task AskAsync(IPage page, string question)
    {
        var input = page.Locator("[data-id='webchat-sendbox-input']");
        await input.FillAsync(question);
        await input.PressAsync("Enter");
    }

    [SkippableFact]
    public async Task Page_WelcomeSuggestedQuestionTypedQuestionCitationDeclineAndFollowUp()
    {
        var page = await OpenAsync();

        await Transcript(page).GetByText("I answer questions about").First.WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "When was the ceasefire signed?" }).First.ClickAsync();
        await Transcript(page).GetByText("November 10, 2020").First.WaitForAsync();

        await AskAsync(page, "When did Russian peacekeepers start withdrawing?");
        await Transcript(page).GetByText("In April 2024, Russian peacekeepers began withdrawing").First.WaitForAsync();

        var references = page.Locator("details.webchat__link-definitions").Last;
        await references.WaitForAsync();
        if (!await references.EvaluateAsync<bool>("details => details.open"))
        {
            await references.Locator("summary").ClickAsync();
        }

        await references.Locator("button.webchat__link-definitions__list-item-box").First.ClickAsync();
        // The pop-up shows the passage as readable text: the Markdown is rendered, not shown as source or JSON.
        var passage = page.GetByText("Since then, Armenia and Azerbaijan have initiated border demarcation").Last;
        await passage.WaitForAsync();
        var shown = await passage.InnerTextAsync();
        Assert.DoesNotContain("\\", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("{\"", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("TextBlock", shown, StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Escape");

        await AskAsync(page, "What is the weather in Yerevan today?");
        // Web Chat's Markdown typesets apostrophes, so match words without one.
        await Transcript(page).GetByText("cover that, so I can").First.WaitForAsync();

        await AskAsync(page, "What did Azerbaijan do in September 2023?");
        await Transcript(page).GetByText("one-day military operation").First.WaitForAsync();
        await AskAsync(page, "How many people left as a result?");
        await Transcript(page).GetByText("more than 70,000 ethnic Armenians").First.WaitForAsync();

        Directory.CreateDirectory(ArtifactFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactFolder, "web-chat-answered.png"), FullPage = true });
    }

    [SkippableFact]
    public async Task Page_KeyboardOnlyOnAPhoneWidthScreen()
    {
        var page = await OpenAsync(width: 375, height: 740);
        await Transcript(page).GetByText("I answer questions about").First.WaitForAsync();

        // Tab to the first suggested question and press Enter, as a keyboard user would.
        for (var i = 0; i < 10 && !await page.EvaluateAsync<bool>("document.activeElement && document.activeElement.textContent === 'When was the ceasefire signed?'"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await Transcript(page).GetByText("November 10, 2020").First.WaitForAsync();

        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page scrolls sideways at phone width");
        Directory.CreateDirectory(ArtifactFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactFolder, "web-chat-phone.png") });
    }

    /// <summary>Screenshots land beside the test results, where CI keeps artifacts.</summary>
    private static string ArtifactFolder => Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");
}
