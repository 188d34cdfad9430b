using System.CommandLine;
using Recur.Cli.Commands;

var root = new RootCommand("recur: train, sample and evaluate sequence models.");
root.Subcommands.Add(LmCommand.Create());
root.Subcommands.Add(NGramCommand.Create());
return root.Parse(args).Invoke();
