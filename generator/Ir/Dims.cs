using System.Collections.Generic;

namespace KernelGen.Generator.Ir;

/// <summary>
/// Symbolic sizes. Every vector parameter starts with its own dimension; operations that need equal sizes
/// unify them (union-find). A dimension may carry a compile-time size; unifying two different sizes is a
/// shape error.
/// </summary>
internal sealed class Dims
{
    private readonly List<int> _parent = new();
    private readonly List<int> _size = new();

    public int New(int size = -1)
    {
        _parent.Add(_parent.Count);
        _size.Add(size);
        return _parent.Count - 1;
    }

    public int Count => _parent.Count;

    public int Find(int dim)
    {
        while (_parent[dim] != dim)
        {
            _parent[dim] = _parent[_parent[dim]];
            dim = _parent[dim];
        }
        return dim;
    }

    /// <summary>The compile-time size of <paramref name="dim"/>, or -1 when it is only known at run time.</summary>
    public int SizeOf(int dim) => _size[Find(dim)];

    /// <summary>Makes two dimensions one; returns false when both have different compile-time sizes.</summary>
    public bool Unify(int a, int b)
    {
        a = Find(a);
        b = Find(b);
        if (a == b) return true;
        int sa = _size[a], sb = _size[b];
        if (sa >= 0 && sb >= 0 && sa != sb) return false;
        // The smaller id stays the representative, so the first parameter that carries a size names it.
        if (b < a) (a, b) = (b, a);
        _parent[b] = a;
        _size[a] = sa >= 0 ? sa : sb;
        return true;
    }
}
