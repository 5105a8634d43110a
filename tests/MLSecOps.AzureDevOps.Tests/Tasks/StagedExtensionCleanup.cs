namespace MLSecOps.AzureDevOps.Tests.Tasks;

/// <summary>Removes the staged extension after the task tests.</summary>
[SetUpFixture]
public sealed class StagedExtensionCleanup
{
    [OneTimeTearDown]
    public void DeleteStagedExtension() => StagedExtension.DeleteIfStaged();
}
