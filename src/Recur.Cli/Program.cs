using System.CommandLine;
using System.CommandLine.Invocation;
using Recur.Cli.Commands;

var root = new RootCommand("recur: train, sample and evaluate sequence models.");
root.Subcommands.Add(LmCommand.Create());
root.Subcommands.Add(NGramCommand.Create());
var parsed = root.Parse(args);
// A mistyped option value gets its one-line message alone; the full help would bury it (--help shows it).
if (parsed.Action is ParseErrorAction parseError) parseError.ShowHelp = false;
return parsed.Invoke();
