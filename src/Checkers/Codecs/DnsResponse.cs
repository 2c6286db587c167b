namespace LvsDirector.Checkers.Codecs;

/// <summary>What <see cref="DnsMessageCodec.TryReadResponse"/> extracts from a reply: header fields and the first question.</summary>
internal readonly record struct DnsResponse(
    ushort Id,
    bool IsResponse,
    bool Truncated,
    int ResponseCode,
    int QuestionCount,
    int AnswerCount,
    string? QuestionName,
    ushort QuestionType,
    ushort QuestionClass);
