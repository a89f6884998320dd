using ChatBot.Server.Cli;
using ChatBot.Server.Hosting;

var command = CommandLine.Parse(args);
var app = ChatBotApp.Build(command.HostArgs, quiet: command.Verb != Verb.Serve);
return await command.RunAsync(app);
