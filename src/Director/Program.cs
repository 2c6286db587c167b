using LvsDirector.Cli;

return await DirectorCommandLine.RunAsync(args);
