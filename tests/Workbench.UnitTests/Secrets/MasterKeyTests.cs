using Workbench.Storage.Secrets;
using Xunit;

namespace Workbench.UnitTests.Secrets;

public sealed class MasterKeyTests
{
    // A race: a key file that exists before its key is written fails every other instance starting with it. Run
    // often enough that the old writer (create, then write) failed this test about one run in three at 300 rounds.
    [Fact]
    public async Task Instances_starting_together_on_a_fresh_folder_all_load_the_one_key_written()
    {
        for (var round = 0; round < 1000; round++)
        {
            var folder = Directory.CreateTempSubdirectory("wb-masterkey-").FullName;
            try
            {
                var path = Path.Combine(folder, ".workbench", "master.key");
                using var start = new ManualResetEventSlim();
                var loads = Enumerable.Range(0, 32).Select(_ => Task.Run(() =>
                {
                    start.Wait();
                    return MasterKey.Load(null, path);
                })).ToList();
                start.Set();

                await Task.WhenAll(loads);

                var written = await File.ReadAllTextAsync(path);
                Assert.Equal(32, Convert.FromBase64String(written).Length);
                Assert.Equal([".workbench"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
                Assert.Equal(["master.key"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
