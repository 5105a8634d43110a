namespace MLSecOps.GitHub.Api;

/// <summary>One page of <c>GET /repos/{owner}/{repo}/commits/{ref}/check-runs</c>.</summary>
internal sealed record CheckRunList(int TotalCount, IReadOnlyList<CheckRunReference>? CheckRuns);

/// <summary>The fields of a check run the publisher reads: its id and name.</summary>
internal sealed record CheckRunReference(long Id, string? Name);

/// <summary>The fields of an annotation already on a check run (<c>GET /check-runs/{id}/annotations</c>) that identify it.</summary>
internal sealed record SentAnnotation(string? Path, int StartLine, string? Title, string? Message);

/// <summary>One check-run annotation, as sent in <c>output.annotations</c>.</summary>
internal sealed record CheckRunAnnotation
{
    /// <summary>Gets the file, relative to the repository root.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the first line.</summary>
    public required int StartLine { get; init; }

    /// <summary>Gets the last line.</summary>
    public required int EndLine { get; init; }

    /// <summary>Gets the first column; only for a region on one line.</summary>
    public int? StartColumn { get; init; }

    /// <summary>Gets the last column; only for a region on one line.</summary>
    public int? EndColumn { get; init; }

    /// <summary>Gets <c>failure</c>, <c>warning</c> or <c>notice</c>.</summary>
    public required string AnnotationLevel { get; init; }

    /// <summary>Gets the message.</summary>
    public required string Message { get; init; }

    /// <summary>Gets the title.</summary>
    public string? Title { get; init; }
}

/// <summary>The <c>output</c> of a check run: title, Markdown summary and up to 50 annotations.</summary>
internal sealed record CheckRunOutput(string Title, string Summary, IReadOnlyList<CheckRunAnnotation> Annotations);

/// <summary>The body of <c>POST /repos/{owner}/{repo}/check-runs</c>.</summary>
internal sealed record CheckRunCreate
{
    /// <summary>Gets the check run name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the commit the check run is on.</summary>
    public required string HeadSha { get; init; }

    /// <summary>Gets the workflow run's address.</summary>
    public string? DetailsUrl { get; init; }

    /// <summary>Gets the workflow run id.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Gets the status: always <c>completed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Gets when the gate started, as <c>YYYY-MM-DDTHH:MM:SSZ</c>.</summary>
    public string? StartedAt { get; init; }

    /// <summary>Gets the conclusion (<see cref="CheckRunConclusion"/> in lower case).</summary>
    public required string Conclusion { get; init; }

    /// <summary>Gets when the gate completed, as <c>YYYY-MM-DDTHH:MM:SSZ</c>.</summary>
    public string? CompletedAt { get; init; }

    /// <summary>Gets the output.</summary>
    public required CheckRunOutput Output { get; init; }
}

/// <summary>The body of <c>PATCH /repos/{owner}/{repo}/check-runs/{id}</c>.</summary>
internal sealed record CheckRunUpdate
{
    /// <summary>Gets the workflow run's address.</summary>
    public string? DetailsUrl { get; init; }

    /// <summary>Gets the status: always <c>completed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Gets the conclusion (<see cref="CheckRunConclusion"/> in lower case).</summary>
    public required string Conclusion { get; init; }

    /// <summary>Gets when the gate completed, as <c>YYYY-MM-DDTHH:MM:SSZ</c>.</summary>
    public string? CompletedAt { get; init; }

    /// <summary>Gets the output.</summary>
    public required CheckRunOutput Output { get; init; }
}

/// <summary>The conclusion of a gate's check run.</summary>
internal enum CheckRunConclusion
{
    /// <summary>No open findings.</summary>
    Success,

    /// <summary>Open findings, none blocking.</summary>
    Neutral,

    /// <summary>The gate blocks.</summary>
    Failure,
}
