using System;
using System.Collections.Generic;
using System.Linq;

namespace KernelGen;

/// <summary>
/// A generated kernel's name and parameters, in declaration order: what a trainer needs to bind data and
/// parameters to it by name, without reflection.
/// </summary>
public sealed class KernelSignature
{
    private readonly KernelParameter[] _parameters;

    /// <summary>A signature; generated kernels create theirs once, in a static property.</summary>
    /// <param name="name">The kernel's method, qualified by its containing types (<c>Losses.CrossEntropy</c>).</param>
    /// <param name="returnsVector">True for a <see cref="Vec"/>-valued kernel, false for a <c>float</c>-valued one (a loss).</param>
    /// <param name="parameters">The parameters in declaration order.</param>
    public KernelSignature(string name, bool returnsVector, params KernelParameter[] parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(parameters);
        Name = name;
        ReturnsVector = returnsVector;
        _parameters = (KernelParameter[])parameters.Clone();
    }

    /// <summary>The kernel's method, qualified by its containing types (<c>Losses.CrossEntropy</c>).</summary>
    public string Name { get; }

    /// <summary>True for a <see cref="Vec"/>-valued kernel, false for a <c>float</c>-valued one.</summary>
    public bool ReturnsVector { get; }

    /// <summary>The parameters in declaration order; <see cref="KernelArguments"/> is indexed by this position.</summary>
    public IReadOnlyList<KernelParameter> Parameters => _parameters;

    /// <summary>The position of the parameter called <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => Array.FindIndex(_parameters, p => p.Name == name);

    /// <summary>The parameter called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The kernel has no such parameter; the message lists the ones it has.</exception>
    public KernelParameter this[string name]
    {
        get
        {
            int index = IndexOf(name);
            if (index < 0)
                throw new KeyNotFoundException($"Kernel {Name} has no parameter '{name}'; its parameters are {string.Join(", ", _parameters.Select(p => p.Name))}.");
            return _parameters[index];
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}({string.Join(", ", _parameters.Select(p => p.ToString()))})";
}
