using System.CommandLine;
using Recur.Cli.Commands;

namespace Recur.Tests.Cli;

/// <summary>Runs the whole <c>recur</c> command line in process, as Program does, capturing stdout and stderr.</summary>
public static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = RecurCommand.Invoke(args, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
