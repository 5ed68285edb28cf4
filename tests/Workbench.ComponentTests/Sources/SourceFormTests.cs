using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Workbench.Application.Sources;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Core.Sources;
using Workbench.Web.Sources;
using Xunit;

namespace Workbench.ComponentTests.Sources;

/// <summary>The add/edit source form: its checks before anything is sent, the upload, and what Test and Save report.</summary>
public sealed class SourceFormTests
{
    private sealed class Calls
    {
        public List<SourceDraft> Tested { get; } = [];
        public List<SourceDraft> Saved { get; } = [];
        public ConnectionCheck Check { get; set; } = new(true, "Connected.", TimeSpan.FromSeconds(0.2));
        public string? SaveProblem { get; set; }
        public UploadResult Upload { get; set; } = UploadResult.Kept("a1b2c3/payments.csv");
    }

    private static IRenderedComponent<SourceForm> Render(BunitContext ctx, SourceFormState state, Calls calls) =>
        ctx.Render<SourceForm>(p => p
            .Add(f => f.State, state)
            .Add(f => f.Test, d => { calls.Tested.Add(d); return Task.FromResult(calls.Check); })
            .Add(f => f.Save, d => { calls.Saved.Add(d); return Task.FromResult(calls.SaveProblem); })
            .Add(f => f.Upload, _ => Task.FromResult(calls.Upload))
            .Add(f => f.FilesFolder, ".workbench/files")
            .Add(f => f.MaxUploadMegabytes, 100));

    private static SourceFormState FileSource()
    {
        var state = SourceFormState.New();
        state.Kind = SourceKind.File;
        return state;
    }

    private static Task ClickAsync(IRenderedComponent<SourceForm> form, string testId) =>
        form.Find($"button[data-testid={testId}]").ClickAsync(new MouseEventArgs());

    [Fact]
    public async Task Saving_without_a_name_or_host_says_what_is_missing_and_sends_nothing()
    {
        await using var ctx = TestContexts.Mud();
        var calls = new Calls();

        var form = Render(ctx, SourceFormState.New(), calls);
        await ClickAsync(form, "save-source");

        form.WaitForAssertion(() => Assert.Contains("Give the source a name.", form.Markup));
        Assert.Contains("Enter the database server's host name.", form.Markup);
        Assert.Contains("Enter the database's name.", form.Markup);
        Assert.Empty(calls.Saved);
    }

    [Fact]
    public async Task A_port_that_is_not_a_port_is_explained_at_the_field_and_not_tested()
    {
        await using var ctx = TestContexts.Mud();
        var calls = new Calls();

        var form = Render(ctx, SourceFormState.New(), calls);
        form.Find("input[data-testid=source-name]").Input("Legacy");
        form.Find("input[data-testid=pg-host]").Input("db.example.com");
        form.Find("input[data-testid=pg-database]").Input("legacy");
        form.Find("input[data-testid=pg-port]").Input("54x2");
        await ClickAsync(form, "test-connection");

        form.WaitForAssertion(() => Assert.Contains("A port is a number from 1 to 65535.", form.Markup));
        Assert.Empty(calls.Tested);
    }

    [Fact]
    public async Task A_valid_draft_is_tested_and_the_result_shown_in_red_when_it_failed()
    {
        await using var ctx = TestContexts.Mud();
        var calls = new Calls { Check = new ConnectionCheck(false, "The server refused the connection.", TimeSpan.FromSeconds(1.5)) };

        var form = Render(ctx, SourceFormState.New(), calls);
        form.Find("input[data-testid=source-name]").Input("Legacy");
        form.Find("input[data-testid=pg-host]").Input("db.example.com");
        form.Find("input[data-testid=pg-database]").Input("legacy");
        form.Find("input[data-testid=pg-port]").Input("5432");
        await ClickAsync(form, "test-connection");

        var result = form.WaitForElement("[data-testid=test-result]");
        Assert.Contains("The server refused the connection.", result.TextContent);
        Assert.Contains("mud-alert-outlined-error", result.ClassName);
        var draft = Assert.Single(calls.Tested);
        Assert.Equal("Legacy", draft.Name);
        Assert.Equal("db.example.com", draft.Settings["host"]);
        Assert.False(draft.Settings.ContainsKey(FileSettings.Delimiter));
    }

    [Fact]
    public async Task A_rest_source_needs_a_web_address()
    {
        await using var ctx = TestContexts.Mud();
        var state = SourceFormState.New();
        state.Kind = SourceKind.RestApi;
        var calls = new Calls();

        var form = Render(ctx, state, calls);
        form.Find("input[data-testid=source-name]").Input("FAST");
        form.Find("input[data-testid=rest-url]").Input("ftp://files.example.com");
        await ClickAsync(form, "save-source");

        form.WaitForAssertion(() => Assert.Contains("Enter an address starting with http:// or https://.", form.Markup));
        Assert.Contains("Enter at least one dataset path.", form.Markup);
        Assert.Empty(calls.Saved);
    }

    [Fact]
    public async Task The_kind_is_chosen_with_the_toggle_and_brings_its_fields()
    {
        await using var ctx = TestContexts.Mud();

        var form = Render(ctx, SourceFormState.New(), new Calls());
        var file = form.FindAll("[data-testid=source-kind] button").Single(b => b.TextContent.Contains("File (CSV, JSON)", StringComparison.Ordinal));
        await file.ClickAsync(new MouseEventArgs());

        form.WaitForAssertion(() => Assert.NotEmpty(form.FindAll("input[data-testid=file-path]")));
        Assert.Empty(form.FindAll("input[data-testid=pg-host]"));
        Assert.Empty(form.FindAll("select"));
    }

    [Fact]
    public async Task An_upload_keeps_the_name_the_user_typed()
    {
        await using var ctx = TestContexts.Mud();

        var form = Render(ctx, FileSource(), new Calls());
        form.Find("input[data-testid=source-name]").Input("Payments of March");
        form.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("payment_id,amount\nP-1,10\n", "payments.csv"));

        form.WaitForAssertion(() => Assert.Equal("a1b2c3/payments.csv", form.Find("input[data-testid=file-path]").GetAttribute("value")));
        Assert.Equal("Payments of March", form.Find("input[data-testid=source-name]").GetAttribute("value"));
    }

    [Fact]
    public async Task An_upload_names_a_source_that_has_no_name_yet()
    {
        await using var ctx = TestContexts.Mud();

        var form = Render(ctx, FileSource(), new Calls());
        form.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("payment_id,amount\nP-1,10\n", "payments.csv"));

        form.WaitForAssertion(() => Assert.Equal("payments", form.Find("input[data-testid=source-name]").GetAttribute("value")));
    }

    [Fact]
    public async Task A_refused_upload_says_why_in_a_sentence_and_keeps_the_path_empty()
    {
        await using var ctx = TestContexts.Mud();
        var calls = new Calls { Upload = UploadResult.Refused("'notes.docx' is not a CSV, JSON, Parquet or Excel file.") };

        var form = Render(ctx, FileSource(), calls);
        form.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("x", "notes.docx"));

        var error = form.WaitForElement("[data-testid=save-error]");
        Assert.Equal("'notes.docx' is not a CSV, JSON, Parquet or Excel file.", error.TextContent.Trim());
        Assert.Equal("alert", error.GetAttribute("role"));
        Assert.True(string.IsNullOrEmpty(form.Find("input[data-testid=file-path]").GetAttribute("value")));
    }

    [Fact]
    public async Task What_the_service_refuses_on_save_is_shown_as_an_alert()
    {
        await using var ctx = TestContexts.Mud();
        var calls = new Calls { SaveProblem = "A source named 'Agents' already exists." };
        var state = FileSource();
        state.Name = "Agents";
        state.Settings[FileSettings.Path] = "agents.csv";

        var form = Render(ctx, state, calls);
        await ClickAsync(form, "save-source");

        form.WaitForAssertion(() => Assert.Equal("A source named 'Agents' already exists.", form.Find("[data-testid=save-error]").TextContent.Trim()));
        Assert.Single(calls.Saved);
    }

    [Fact]
    public async Task The_file_form_uses_the_librarys_controls_and_labels_every_field()
    {
        await using var ctx = TestContexts.Mud();

        var form = Render(ctx, FileSource(), new Calls());

        Assert.Empty(form.FindAll("select"));
        Assert.Contains(".workbench/files", form.Markup);
        foreach (var input in form.FindAll("input:not([type=file]):not([type=hidden]):not([readonly])"))
            Assert.NotEmpty(form.Find($"label[for='{input.GetAttribute("id")}']").TextContent.Trim());
    }

    [Fact]
    public void An_edited_source_keeps_its_settings_and_says_its_secret_is_stored()
    {
        var source = new SourceSummary(Guid.NewGuid(), "Legacy", SourceKind.PostgreSql,
            new Dictionary<string, string?> { ["host"] = "db", ["database"] = "legacy", ["user"] = "reader" }, ["password"], MalformedRecordPolicy.Skip,
            "ok", null, null, 1, false);

        var state = SourceFormState.For(source);

        Assert.Equal("Stored; leave empty to keep it.", state.SecretHint("password"));
        Assert.Null(state.SecretHint("connectionString"));
        state.Settings["host"] = "elsewhere";
        Assert.True(state.SecretSetAside);
        Assert.Equal("Type it again.", state.SecretHint("password"));
        Assert.Equal(MalformedRecordPolicy.Skip, state.Draft().MalformedRecords);
    }
}
