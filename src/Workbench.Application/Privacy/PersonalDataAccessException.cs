namespace Workbench.Application.Privacy;

/// <summary>The user may not do this with personal data; the message says why, in words a user reads.</summary>
public sealed class PersonalDataAccessException(string message) : Exception(message);
