namespace LvsDirector.Checkers.Codecs;

internal enum HttpParseStatus
{
    Complete,
    NeedMoreData,
    Invalid,
}
