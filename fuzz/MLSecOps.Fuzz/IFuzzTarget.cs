namespace MLSecOps.Fuzz;

/// <summary>One parser entry point under fuzzing: any input may produce findings or a policy error, never an uncaught exception, a hang or unbounded memory.</summary>
internal interface IFuzzTarget
{
    /// <summary>Gets the name used on the command line and for corpus folders.</summary>
    string Name { get; }

    /// <summary>Gets the committed files (relative to the repository root) that seed the corpus.</summary>
    /// <param name="repositoryRoot">The folder that holds MLSecOps.sln.</param>
    IReadOnlyList<string> Seeds(string repositoryRoot);

    /// <summary>Feeds <paramref name="input"/> to the entry point the gate uses; throws only when the contract is broken.</summary>
    void Run(byte[] input);
}
