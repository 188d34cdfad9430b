using Recur.Cli.Commands;

return RecurCommand.Invoke(args);
