using MLSecOps.Cli;

return await CliApplication.RunAsync(args, CliHost.FromProcess()).ConfigureAwait(false);
