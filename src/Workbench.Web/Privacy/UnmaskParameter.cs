using Workbench.Application.Privacy;
using Workbench.Web.Hosting;

namespace Workbench.Web.Privacy;

/// <summary>
/// The <c>unmask=PURPOSE</c> query parameter of the endpoints that return values: absent, values of personal fields
/// are masked; a purpose asks for them unmasked (the personal-data permission, audited). Shared so every endpoint
/// answers an unknown purpose (400) and a refusal (403) alike.
/// </summary>
internal static class UnmaskParameter
{
    /// <summary>Runs <paramref name="answer"/> with the masking <paramref name="masking"/> decides for the purpose <paramref name="unmask"/> names.</summary>
    public static async Task<IResult> AnswerAsync(string? unmask, Func<UnmaskPurpose?, Task<FieldMasking>> masking, Func<FieldMasking, Task<IResult>> answer)
    {
        UnmaskPurpose? purpose = null;
        if (unmask is not null && (purpose = UnmaskPurposes.Parse(unmask)) is null)
            return ApiProblem.Result(StatusCodes.Status400BadRequest, $"unmask must be a purpose: {string.Join(", ", Enum.GetNames<UnmaskPurpose>())}.");
        FieldMasking decided;
        try
        {
            decided = await masking(purpose);
        }
        catch (PersonalDataAccessException ex)
        {
            return ApiProblem.Result(StatusCodes.Status403Forbidden, ex.Message);
        }
        return await answer(decided);
    }
}
