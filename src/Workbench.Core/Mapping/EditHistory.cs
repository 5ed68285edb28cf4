namespace Workbench.Core.Mapping;

/// <summary>Undo and redo over immutable specs, for one editing session.</summary>
public sealed class EditHistory(ViewSpec initial)
{
    private readonly Stack<ViewSpec> _undo = new();
    private readonly Stack<ViewSpec> _redo = new();

    public ViewSpec Current { get; private set; } = initial;

    public bool CanUndo => _undo.Count > 0;

    public bool CanRedo => _redo.Count > 0;

    public void Apply(ViewSpec next)
    {
        if (ReferenceEquals(next, Current))
            return;
        _undo.Push(Current);
        _redo.Clear();
        Current = next;
    }

    public void Undo()
    {
        if (_undo.Count == 0)
            return;
        _redo.Push(Current);
        Current = _undo.Pop();
    }

    public void Redo()
    {
        if (_redo.Count == 0)
            return;
        _undo.Push(Current);
        Current = _redo.Pop();
    }

    /// <summary>Starts over from a spec loaded from the store; earlier edits cannot be undone past it.</summary>
    public void Reset(ViewSpec spec)
    {
        _undo.Clear();
        _redo.Clear();
        Current = spec;
    }
}
