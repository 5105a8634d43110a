namespace MLSecOps.GitHub.Workflow;

/// <summary>Writes the tool's own notices and warnings about publishing (not findings) to the step log.</summary>
/// <param name="stdout">The step's standard output.</param>
internal sealed class WorkflowLog(TextWriter stdout)
{
    /// <summary>Writes a <c>::notice::</c>, used when an optional publisher is skipped.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task that completes when the line is written.</returns>
    public Task NoticeAsync(string message, CancellationToken cancellationToken) =>
        WriteAsync(WorkflowCommand.Notice(message, new AnnotationProperties(Title: "MLSecOps")), cancellationToken);

    /// <summary>Writes a <c>::warning::</c>, used when an optional publisher failed.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task that completes when the line is written.</returns>
    public Task WarningAsync(string message, CancellationToken cancellationToken) =>
        WriteAsync(WorkflowCommand.Warning(message, new AnnotationProperties(Title: "MLSecOps")), cancellationToken);

    /// <summary>Writes any command.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task that completes when the line is written.</returns>
    public async Task WriteAsync(WorkflowCommand command, CancellationToken cancellationToken)
    {
        await stdout.WriteLineAsync(command.ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
