namespace Rhythm.Jobs.Processes;

/// <summary>Keeps only the last <c>capacity</c> characters written to it, however much is written.</summary>
internal sealed class OutputTail(int capacity)
{
    private readonly char[] _ring = new char[capacity];
    private int _start;
    private int _length;

    public void Append(ReadOnlySpan<char> text)
    {
        if (text.Length >= _ring.Length)
        {
            text[^_ring.Length..].CopyTo(_ring);
            _start = 0;
            _length = _ring.Length;
            return;
        }

        var end = (_start + _length) % _ring.Length;
        var first = Math.Min(text.Length, _ring.Length - end);
        text[..first].CopyTo(_ring.AsSpan(end));
        text[first..].CopyTo(_ring);

        var overflow = _length + text.Length - _ring.Length;
        if (overflow > 0)
        {
            _start = (_start + overflow) % _ring.Length;
            _length = _ring.Length;
        }
        else
        {
            _length += text.Length;
        }
    }

    public override string ToString()
    {
        var head = Math.Min(_length, _ring.Length - _start);
        return string.Concat(_ring.AsSpan(_start, head), _ring.AsSpan(0, _length - head));
    }
}
