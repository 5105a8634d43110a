namespace MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;

/// <summary>Checks the child links of one decision tree: every link inside the tree, and every node reached once from the root.</summary>
internal static class TreeLinks
{
    /// <summary>What is wrong with a tree's links.</summary>
    public enum Problem
    {
        /// <summary>The links form a tree.</summary>
        None,

        /// <summary>A link points outside the tree (malformed: the loader refuses or reads out of bounds).</summary>
        OutOfRange,

        /// <summary>A node is reached twice: a loop (prediction never ends) or a shared subtree.</summary>
        Loop,
    }

    /// <summary>
    /// Walks the tree from node 0. <paramref name="left"/>/<paramref name="right"/> hold each internal node's children: an index
    /// below <paramref name="nodes"/> is an internal node, and a value for which <paramref name="isLeaf"/> is true ends the path.
    /// </summary>
    public static (Problem Problem, int Node) Check(int nodes, IReadOnlyList<long> left, IReadOnlyList<long> right, Func<long, bool> isLeaf)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(isLeaf);
        if (nodes == 0)
        {
            return (Problem.None, 0);
        }

        if (left.Count < nodes || right.Count < nodes)
        {
            return (Problem.OutOfRange, Math.Min(left.Count, right.Count));
        }

        var seen = new bool[nodes];
        var pending = new Stack<int>();
        pending.Push(0);
        seen[0] = true;
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            foreach (var child in (ReadOnlySpan<long>)[left[node], right[node]])
            {
                if (isLeaf(child))
                {
                    continue;
                }

                if (child < 0 || child >= nodes)
                {
                    return (Problem.OutOfRange, node);
                }

                if (seen[child])
                {
                    return (Problem.Loop, node);
                }

                seen[child] = true;
                pending.Push((int)child);
            }
        }

        return (Problem.None, 0);
    }
}
