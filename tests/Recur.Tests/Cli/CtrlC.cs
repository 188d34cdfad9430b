using System.Diagnostics;
using System.Globalization;

namespace Recur.Tests.Cli;

/// <summary>Sends a child process the SIGINT that Ctrl-C would.</summary>
static class CtrlC
{
    public static void Send(Process child)
    {
        // A shell that starts a job in the background without job control sets SIGINT to "ignored", and children
        // inherit that (POSIX); the runtime then leaves it ignored, as nohup users expect, and the signal cannot
        // reach the command under test. Say so rather than fail on an exit code.
        Assert.False(SigintIgnored(), "SIGINT is ignored in the test process (started in the background by a non-interactive shell?), so no child can receive a Ctrl-C; run the tests in the foreground");
        Process.Start("kill", ["-INT", child.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
    }

    /// <summary>Bit 2 of the SigIgn mask in /proc/self/status (Linux); false where that file is absent.</summary>
    static bool SigintIgnored()
    {
        if (!File.Exists("/proc/self/status")) return false;
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 2) != 0;
    }
}
