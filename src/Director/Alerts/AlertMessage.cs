namespace LvsDirector.Alerts;

/// <summary>One alert for <c>notification_email</c>: keepalived's subject and body wording, and when it happened.</summary>
internal sealed record AlertMessage(DateTimeOffset Time, string Subject, string Body);
