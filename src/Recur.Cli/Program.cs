using System.CommandLine.Invocation;
using Recur.Cli.Commands;

var parsed = RecurCommand.Create().Parse(args);
// A mistyped option value gets its one-line message alone; the full help would bury it (--help shows it).
if (parsed.Action is ParseErrorAction parseError) parseError.ShowHelp = false;
return parsed.Invoke();
