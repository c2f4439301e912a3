namespace Rhythm.Tests.Support;

/// <summary>A fixture whose every test gets a fresh temporary folder, deleted afterwards.</summary>
internal abstract class TempFolderFixture
{
    protected TempFolder Folder { get; private set; } = null!;

    [SetUp]
    public void CreateFolder() => Folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => Folder.Dispose();
}
