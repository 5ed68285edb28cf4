using System.Text.Json;
using Xunit;
using Workbench.Core.Mapping;

namespace Workbench.UnitTests.Mapping;

public class VersionStatusTests
{
    [Theory]
    [InlineData(VersionStatus.Draft, "draft")]
    [InlineData(VersionStatus.Submitted, "submitted")]
    [InlineData(VersionStatus.Approved, "approved")]
    [InlineData(VersionStatus.Rejected, "rejected")]
    public void Each_status_is_stored_and_sent_as_its_word_and_read_back(VersionStatus status, string word)
    {
        Assert.Equal(word, status.Name());
        Assert.Equal(status, VersionStatusNames.Parse(word));
        Assert.Equal($"\"{word}\"", JsonSerializer.Serialize(status));
        Assert.Equal(status, JsonSerializer.Deserialize<VersionStatus>($"\"{word}\""));
    }

    [Fact]
    public void Every_status_has_a_word()
    {
        Assert.All(Enum.GetValues<VersionStatus>(), status => Assert.False(string.IsNullOrEmpty(status.Name())));
    }

    [Fact]
    public void A_word_that_is_not_a_status_is_refused()
    {
        Assert.Throws<FormatException>(() => VersionStatusNames.Parse("Approved"));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<VersionStatus>("null"));
    }
}
