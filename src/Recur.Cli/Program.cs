using Recur.Cli.Commands;

return RecurCommand.Create().Parse(args).Invoke();
