namespace Workbench.Testing;

/// <summary>What the sign-in page says, for tests that check every refusal reads the same.</summary>
public static class SignInMessages
{
    public const string Failed =
        "Sign-in failed: the user name or the password is wrong, or the account is locked or disabled. Ask an admin if it keeps failing.";
}
