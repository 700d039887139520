return await SocialCare.Host.SocialCareHost.RunAsync(args);
