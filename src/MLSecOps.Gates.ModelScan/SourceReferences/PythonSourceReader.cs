namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>
/// Walks the logical lines of tokenised Python units in order (a file, or a notebook's cells as one module): records
/// imports, follows string and boolean constants and downloaded values through assignments, <c>with … as</c> and
/// <c>for</c> targets within a function, and hands every call site and every keyed value to the caller, with the
/// names in force at that point.
/// </summary>
internal static class PythonSourceReader
{
    // Nested tuple targets deeper than this bind nothing (hostile nesting must not exhaust the stack).
    private const int MaxTargetDepth = 16;

    private static readonly HashSet<string> StatementKeywords = new(StringComparer.Ordinal)
    {
        "if", "elif", "else", "while", "for", "with", "def", "class", "return", "import", "from", "try", "except", "finally", "lambda",
        "assert", "del", "raise", "global", "nonlocal", "yield", "async", "await", "pass", "break", "continue", "match", "case",
    };

    /// <summary>Reads <paramref name="units"/>, calling <paramref name="onCall"/> for each call and <paramref name="onKeyValue"/> for each keyed value.</summary>
    /// <returns>The names in force at the end (imports of the whole module).</returns>
    public static PythonScope Read(IReadOnlyList<(SourceUnit Unit, PythonCode Tokens)> units, Action<PythonCall> onCall, Action<PythonKeyValue> onKeyValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(units);
        var scope = new PythonScope();

        // Imports first: notebooks run cells out of order, and a module's imports are in force in all its functions.
        foreach (var (_, tokens) in units)
        {
            foreach (var (start, end) in Statements(tokens))
            {
                Imports(tokens, start, end, scope);
            }
        }

        foreach (var (unit, tokens) in units)
        {
            scope.Enter(unit);
            foreach (var (start, end) in LogicalLines(tokens))
            {
                cancellationToken.ThrowIfCancellationRequested();
                scope.Dedent(tokens[start].Column);
                Calls(tokens, start, end, scope, onCall);
                KeyValues(tokens, start, end, scope, onKeyValue);
                foreach (var (statement, statementEnd) in SplitAt(tokens, start, end, ";"))
                {
                    Bindings(tokens, statement, statementEnd, scope);
                }
            }
        }

        return scope;
    }

    private static IEnumerable<(int Start, int End)> LogicalLines(PythonCode tokens)
    {
        var start = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Kind == PythonTokenKind.Newline)
            {
                if (i > start)
                {
                    yield return (start, i);
                }

                start = i + 1;
            }
        }

        if (start < tokens.Count)
        {
            yield return (start, tokens.Count);
        }
    }

    private static IEnumerable<(int Start, int End)> Statements(PythonCode tokens) =>
        LogicalLines(tokens).SelectMany(line => SplitAt(tokens, line.Start, line.End, ";"));

    private static void Calls(PythonCode tokens, int start, int end, PythonScope scope, Action<PythonCall> onCall)
    {
        for (var i = start + 1; i < end; i++)
        {
            if (!tokens[i].Is("(") || PythonCall.DottedNameEndingAt(tokens, i - 1) is not { } dotted)
            {
                continue;
            }

            var close = Closing(tokens, i, end);
            var arguments = new List<PythonArgument>();
            foreach (var (argument, argumentEnd) in SplitAt(tokens, i + 1, close, ","))
            {
                if (argumentEnd <= argument)
                {
                    continue;
                }

                var first = tokens[argument];
                if (first.Is("*") || first.Is("**"))
                {
                    arguments.Add(new PythonArgument(null, first, new PythonExpression(tokens, argument + 1, argumentEnd, scope), first.Text));
                }
                else if (first.Kind == PythonTokenKind.Name && argument + 1 < argumentEnd && tokens[argument + 1].Is("="))
                {
                    arguments.Add(new PythonArgument(first.Text, first, new PythonExpression(tokens, argument + 2, argumentEnd, scope), ""));
                }
                else
                {
                    arguments.Add(new PythonArgument(null, first, new PythonExpression(tokens, argument, argumentEnd, scope), ""));
                }
            }

            onCall(new PythonCall
            {
                Dotted = dotted,
                Qualified = scope.Qualify(dotted),
                At = tokens[PythonCall.DottedNameStart(tokens, i - 1)],
                Arguments = arguments,
                Scope = scope,
            });
        }
    }

    private static void KeyValues(PythonCode tokens, int start, int end, PythonScope scope, Action<PythonKeyValue> onKeyValue)
    {
        for (var i = start; i + 1 < end; i++)
        {
            if (tokens[i].Kind != PythonTokenKind.String || PythonStringLiteral.Value(tokens[i].Text) is not { } key)
            {
                continue;
            }

            // {"key": value, …} or target["key"] = value
            var valueStart = tokens[i + 1].Is(":") && i > start && tokens[i - 1].Text is "{" or ","
                ? i + 2
                : tokens[i + 1].Is("]") && i + 2 < end && tokens[i + 2].Is("=") && i > start && tokens[i - 1].Is("[") ? i + 3 : -1;
            if (valueStart < 0)
            {
                continue;
            }

            var valueEnd = valueStart;
            while (valueEnd < end && !(tokens[valueEnd].Kind == PythonTokenKind.Operator && tokens[valueEnd].Text is "," or "}" or ")" or "]" or ";"))
            {
                valueEnd = tokens.Opens(valueEnd) ? Math.Min(end, tokens.Closing(valueEnd, end) + 1) : valueEnd + 1;
            }

            onKeyValue(new PythonKeyValue(key, tokens[i], new PythonExpression(tokens, valueStart, valueEnd, scope), scope));
        }
    }

    private static void Bindings(PythonCode tokens, int start, int end, PythonScope scope)
    {
        if (end <= start)
        {
            return;
        }

        var first = tokens[start];
        var head = first.IsName("async") && start + 1 < end ? start + 1 : start;
        if (tokens[head].IsName("def") || tokens[head].IsName("class"))
        {
            Definition(tokens, head, end, scope, first.Column);
        }
        else if (tokens[head].IsName("with"))
        {
            WithTargets(tokens, head + 1, HeaderEnd(tokens, head + 1, end), scope);
        }
        else if (tokens[head].IsName("for"))
        {
            ForTargets(tokens, head + 1, end, scope);
        }
        else if (first.Kind != PythonTokenKind.Name || !StatementKeywords.Contains(first.Text))
        {
            Assignment(tokens, start, end, scope);
        }
    }

    private static void Definition(PythonCode tokens, int head, int end, PythonScope scope, int indent)
    {
        if (head + 1 < end && tokens[head + 1].Kind == PythonTokenKind.Name)
        {
            scope.Bind(tokens[head + 1].Text, PythonFact.Unknown);
        }

        scope.Push(indent);

        // Parameters shadow the module's names: a parameter called `path` is not the module's downloaded `path`.
        var open = head + 2;
        if (tokens[head].IsName("def") && open < end && tokens[open].Is("("))
        {
            var close = Closing(tokens, open, end);
            foreach (var (parameter, parameterEnd) in SplitAt(tokens, open + 1, close, ","))
            {
                var name = parameter < parameterEnd && tokens[parameter].Text is "*" or "**" ? parameter + 1 : parameter;
                if (name < parameterEnd && tokens[name].Kind == PythonTokenKind.Name)
                {
                    scope.Bind(tokens[name].Text, PythonFact.Unknown);
                }
            }
        }
    }

    private static void WithTargets(PythonCode tokens, int start, int end, PythonScope scope)
    {
        if (end - start >= 2 && tokens[start].Is("(") && Closing(tokens, start, end) == end - 1)
        {
            start++;
            end--;
        }

        foreach (var (item, itemEnd) in SplitAt(tokens, start, end, ","))
        {
            var depth = 0;
            for (var i = item; i < itemEnd; i++)
            {
                depth += Depth(tokens[i]);
                if (depth == 0 && tokens[i].IsName("as") && i + 1 < itemEnd && tokens[i + 1].Kind == PythonTokenKind.Name)
                {
                    var value = new PythonExpression(tokens, item, i, scope);
                    scope.Bind(tokens[i + 1].Text, new PythonFact(null, null, value.Download));
                    break;
                }
            }
        }
    }

    private static void ForTargets(PythonCode tokens, int start, int end, PythonScope scope)
    {
        var inAt = -1;
        var depth = 0;
        for (var i = start; i < end; i++)
        {
            depth += Depth(tokens[i]);
            if (depth == 0 && tokens[i].IsName("in"))
            {
                inAt = i;
                break;
            }
        }

        if (inAt < 0)
        {
            return;
        }

        var iterable = new PythonExpression(tokens, inAt + 1, HeaderEnd(tokens, inAt + 1, end), scope);
        var fact = new PythonFact(null, null, iterable.Download);
        foreach (var name in TargetNames(tokens, start, inAt))
        {
            scope.Bind(name, fact);
        }
    }

    private static void Assignment(PythonCode tokens, int start, int end, PythonScope scope)
    {
        var equals = new List<int>();
        var depth = 0;
        for (var i = start; i < end; i++)
        {
            depth += Depth(tokens[i]);
            if (depth != 0 || tokens[i].Kind != PythonTokenKind.Operator)
            {
                continue;
            }

            if (tokens[i].Text == "=")
            {
                equals.Add(i);
            }
            else if (equals.Count == 0 && tokens[i].Text.Length >= 2 && tokens[i].Text[^1] == '=' && tokens[i].Text is not ("==" or "<=" or ">=" or "!=" or ":="))
            {
                // x += …: the name now holds something else than a known constant.
                foreach (var name in TargetNames(tokens, start, i))
                {
                    scope.Bind(name, PythonFact.Unknown);
                }

                return;
            }
        }

        if (equals.Count == 0)
        {
            return;
        }

        var value = new PythonExpression(tokens, equals[^1] + 1, end, scope);
        var targetStart = start;
        foreach (var equal in equals)
        {
            var names = TargetNames(tokens, targetStart, AnnotationEnd(tokens, targetStart, equal)).ToList();
            var single = names.Count == 1 && !HasTopLevel(tokens, targetStart, equal, ",");
            var fact = single ? new PythonFact(value.StringValue, value.BoolValue, value.Download) : new PythonFact(null, null, value.Download);
            foreach (var name in names)
            {
                scope.Bind(name, fact);
            }

            targetStart = equal + 1;
        }
    }

    private static IEnumerable<string> TargetNames(PythonCode tokens, int start, int end, int depth = 0)
    {
        while (end - start >= 2 && tokens.Opens(start) && Closing(tokens, start, end) == end - 1)
        {
            start++;
            end--;
        }

        foreach (var (target, targetEnd) in SplitAt(tokens, start, end, ","))
        {
            var name = target < targetEnd && tokens[target].Is("*") ? target + 1 : target;
            if (name + 1 == targetEnd && tokens[name].Kind == PythonTokenKind.Name)
            {
                yield return tokens[name].Text;
            }
            else if (depth < MaxTargetDepth && targetEnd - target >= 2 && tokens[target].Text is "(" or "[" && Closing(tokens, target, targetEnd) == targetEnd - 1)
            {
                // A nested tuple target, (a, (b, c)) = …; only a whole bracketed item is one, (x)[0] is a subscript.
                foreach (var inner in TargetNames(tokens, target + 1, targetEnd - 1, depth + 1))
                {
                    yield return inner;
                }
            }
        }
    }

    private static int AnnotationEnd(PythonCode tokens, int start, int end)
    {
        var depth = 0;
        for (var i = start; i < end; i++)
        {
            depth += Depth(tokens[i]);
            if (depth == 0 && tokens[i].Is(":"))
            {
                return i;
            }
        }

        return end;
    }

    private static void Imports(PythonCode tokens, int start, int end, PythonScope scope)
    {
        if (end <= start)
        {
            return;
        }

        if (tokens[start].IsName("import"))
        {
            foreach (var (item, itemEnd) in SplitAt(tokens, start + 1, end, ","))
            {
                var (module, after) = DottedAt(tokens, item, itemEnd);
                if (module.Length == 0)
                {
                    continue;
                }

                if (after + 1 < itemEnd && tokens[after].IsName("as"))
                {
                    scope.Import(tokens[after + 1].Text, module);
                }
                else
                {
                    var root = module.Split('.')[0];
                    scope.Import(root, root);
                }
            }
        }
        else if (tokens[start].IsName("from") && start + 1 < end)
        {
            var (module, after) = DottedAt(tokens, start + 1, end);
            if (module.Length == 0 || after >= end || !tokens[after].IsName("import"))
            {
                return;
            }

            var namesStart = after + 1;
            var namesEnd = end;
            if (namesStart < namesEnd && tokens[namesStart].Is("("))
            {
                namesEnd = Closing(tokens, namesStart, end);
                namesStart++;
            }

            foreach (var (item, itemEnd) in SplitAt(tokens, namesStart, namesEnd, ","))
            {
                if (item >= itemEnd || tokens[item].Kind != PythonTokenKind.Name)
                {
                    scope.ImportedRoots.Add(module.Split('.')[0]);
                    continue;
                }

                var alias = item + 2 < itemEnd && tokens[item + 1].IsName("as") ? tokens[item + 2].Text : tokens[item].Text;
                scope.Import(alias, module + "." + tokens[item].Text);
            }
        }
    }

    // A dotted module name (relative imports start with dots and are left unresolved).
    private static (string Module, int After) DottedAt(PythonCode tokens, int start, int end)
    {
        if (start >= end || tokens[start].Kind != PythonTokenKind.Name)
        {
            return ("", start);
        }

        var parts = new List<string> { tokens[start].Text };
        var i = start + 1;
        while (i + 1 < end && tokens[i].Is(".") && tokens[i + 1].Kind == PythonTokenKind.Name)
        {
            parts.Add(tokens[i + 1].Text);
            i += 2;
        }

        return (string.Join('.', parts), i);
    }

    private static int HeaderEnd(PythonCode tokens, int start, int end)
    {
        var depth = 0;
        for (var i = start; i < end; i++)
        {
            depth += Depth(tokens[i]);
            if (depth == 0 && tokens[i].Is(":"))
            {
                return i;
            }
        }

        return end;
    }

    private static bool HasTopLevel(PythonCode tokens, int start, int end, string op) =>
        SplitAt(tokens, start, end, op).Skip(1).Any();

    // Splits [start, end) at `op` outside brackets, jumping over bracketed parts (linear however deep they nest).
    private static IEnumerable<(int Start, int End)> SplitAt(PythonCode tokens, int start, int end, string op)
    {
        var from = start;
        for (var i = start; i < end; i++)
        {
            if (tokens.Opens(i))
            {
                i = tokens.Closing(i, end);
            }
            else if (tokens[i].Is(op))
            {
                yield return (from, i);
                from = i + 1;
            }
        }

        yield return (from, end);
    }

    // The index of the bracket that closes the one at `open`, or `end` when the line ends first.
    private static int Closing(PythonCode tokens, int open, int end) => tokens.Closing(open, end);

    private static int Depth(PythonToken token) =>
        token.Kind != PythonTokenKind.Operator ? 0
        : token.Text is "(" or "[" or "{" ? 1
        : token.Text is ")" or "]" or "}" ? -1
        : 0;
}
