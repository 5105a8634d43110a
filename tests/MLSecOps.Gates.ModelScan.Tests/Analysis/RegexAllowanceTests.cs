using System.Text.RegularExpressions;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Tests.Analysis;

/// <summary>One match may not run past what is left of the file's pattern allowance (issue 8 item 7).</summary>
public sealed class RegexAllowanceTests
{
    [Test]
    public void Match_AfterMostOfTheAllowanceIsSpent_TimesOutAtWhatIsLeft()
    {
        // Given a 2.05 s allowance on a clock where every match takes 1 s, and two matches done
        var allowance = new RegexAllowance(new SteppingClock(), TimeSpan.FromSeconds(2.05), CancellationToken.None);
        Assert.That(allowance.MatchTimeout, Is.EqualTo(RegexAllowance.MaxMatchTime));
        allowance.Match(new Regex("a"), "a");
        allowance.Match(new Regex("a"), "a");

        // When a catastrophically backtracking pattern runs
        var timeout = Assert.Throws<RegexMatchTimeoutException>(() => allowance.Match(new Regex("(a+)+$"), new string('a', 40) + "!"));

        // Then it timed out at the 50 ms left, not at a fixed per-regex timeout
        Assert.That(timeout!.MatchTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(50)));
    }

    [Test]
    public void MatchTimeout_UnlimitedAllowance_IsCapped()
    {
        Assert.That(RegexAllowance.Unlimited.MatchTimeout, Is.EqualTo(RegexAllowance.MaxMatchTime));
    }

    /// <summary>A clock that moves one second each time it is read, so "time spent" is a count of matches.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => 1;

        public override long GetTimestamp() => Interlocked.Increment(ref _ticks);
    }
}
