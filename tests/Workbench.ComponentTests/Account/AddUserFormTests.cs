using Microsoft.AspNetCore.Components.Web;
using Bunit;
using Workbench.Application.Accounts;
using Workbench.Web.Account;
using Xunit;

namespace Workbench.ComponentTests.Account;

public sealed class AddUserFormTests
{
    [Fact]
    public async Task Adding_without_a_user_name_shows_the_message_and_adds_nobody()
    {
        await using var ctx = TestContexts.Mud();
        var added = new List<AddUserForm.NewUser>();

        var form = ctx.Render<AddUserForm>(p => p.Add(f => f.Add, u => { added.Add(u); return Task.FromResult(true); }));
        await form.Find("[data-testid=add-user-submit]").ClickAsync(new MouseEventArgs());

        form.WaitForAssertion(() => Assert.Contains("Enter a user name.", form.Markup));
        Assert.Empty(added);
    }

    [Fact]
    public async Task A_user_name_the_rules_refuse_is_explained_at_the_field()
    {
        await using var ctx = TestContexts.Mud();
        var added = new List<AddUserForm.NewUser>();

        var form = ctx.Render<AddUserForm>(p => p.Add(f => f.Add, u => { added.Add(u); return Task.FromResult(true); }));
        form.Find("input[data-testid=new-user-name]").Input("ann smith");
        await form.Find("[data-testid=add-user-submit]").ClickAsync(new MouseEventArgs());

        form.WaitForAssertion(() => Assert.Contains("A user name is 1 to 64 letters, digits, dots, dashes, underscores or @.", form.Markup));
        Assert.Empty(added);
    }

    [Fact]
    public async Task Every_field_is_labelled()
    {
        await using var ctx = TestContexts.Mud();

        var form = ctx.Render<AddUserForm>();

        foreach (var input in form.FindAll("input:not([type=checkbox])"))
            Assert.NotEmpty(form.Find($"label[for='{input.GetAttribute("id")}']").TextContent.Trim());
        var checkboxes = form.FindAll("input[type=checkbox]");
        Assert.Equal(Roles.All.Count, checkboxes.Count);
        Assert.All(checkboxes, box => Assert.NotNull(box.Closest("label")));
        Assert.Equal("Roles", form.Find("fieldset.wb-roles legend").TextContent);
    }

    [Fact]
    public async Task A_valid_user_is_handed_over_with_its_roles_and_the_form_empties()
    {
        await using var ctx = TestContexts.Mud();
        var added = new List<AddUserForm.NewUser>();

        var form = ctx.Render<AddUserForm>(p => p.Add(f => f.Add, u => { added.Add(u); return Task.FromResult(true); }));
        form.Find("input[data-testid=new-user-name]").Input(" ann.smith ");
        form.Find("input[data-testid=new-display-name]").Input("Ann Smith");
        form.Find("[data-testid=role-steward] input[type=checkbox], input[type=checkbox][data-testid=role-steward]").Change(true);
        await form.Find("[data-testid=add-user-submit]").ClickAsync(new MouseEventArgs());

        form.WaitForAssertion(() => Assert.Single(added));
        Assert.Equal("ann.smith", added[0].UserName);
        Assert.Equal("Ann Smith", added[0].DisplayName);
        Assert.Equal([Roles.Steward], added[0].Roles);
        form.WaitForAssertion(() => Assert.Equal("", form.Find("input[data-testid=new-user-name]").GetAttribute("value") ?? ""));
        // Emptied without complaining that the name is missing, and ready for the next user.
        Assert.DoesNotContain("Enter a user name.", form.Markup);
        Assert.All(form.FindAll("input[type=checkbox]"), box => Assert.False(box.HasAttribute("checked")));
    }
}
