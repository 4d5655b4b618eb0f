namespace Launcher.Tests.EndToEnd;

/// <summary>
/// Base of the end-to-end fixtures: every test gets its own empty folder under the temp directory (configurations,
/// key files, reports, a packed tool), removed after the test, also when it failed.
/// </summary>
public abstract class ScratchFolderFixture
{
    /// <summary>Gets the current test's folder.</summary>
    protected string ScratchFolder { get; private set; } = "";

    /// <summary>Creates the folder.</summary>
    [SetUp]
    public void CreateScratchFolder()
    {
        ScratchFolder = Path.Combine(Path.GetTempPath(), $"launcher-{GetType().Name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(ScratchFolder);
    }

    /// <summary>Deletes the folder and everything in it.</summary>
    [TearDown]
    public void DeleteScratchFolder()
    {
        try
        {
            Directory.Delete(ScratchFolder, recursive: true);
        }
        catch (IOException)
        {
            // A report file may still be held for a moment by a process being killed; the OS cleans the temp folder.
        }
    }
}
