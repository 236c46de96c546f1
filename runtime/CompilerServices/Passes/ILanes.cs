using System.ComponentModel;
using System.Runtime.Intrinsics;

namespace KernelGen.CompilerServices;

/// <summary>
/// The values a pass works on at one position: eight consecutive elements (<see cref="VectorLanes"/>) in its vector
/// loop, one element (<see cref="ScalarLane"/>) in its tail. A generated pass writes its element expression once,
/// generic over this interface, and the driver runs it both ways, so the tail computes exactly what the body does.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ILanes<TSelf> where TSelf : struct, ILanes<TSelf>
{
    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TSelf Create(float value);

    /// <summary>
    /// A value from outside the loop: eight lanes as they are (one row's scalar broadcast, or eight rows' scalars when
    /// the rows go across the lanes), or, for one element, the first lane.
    /// </summary>
    static abstract TSelf Of(VectorLanes value);

    /// <summary>Reads the lanes starting at element <paramref name="index"/> of <paramref name="source"/>.</summary>
    static abstract TSelf Load(ref float source, nuint index);

    /// <summary>Writes the lanes to <paramref name="destination"/>, starting at element <paramref name="index"/>.</summary>
    static abstract void Store(TSelf value, ref float destination, nuint index);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf a, TSelf b);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf a, TSelf b);

    /// <summary>Lane-wise product.</summary>
    static abstract TSelf operator *(TSelf a, TSelf b);

    /// <summary>Lane-wise quotient.</summary>
    static abstract TSelf operator /(TSelf a, TSelf b);

    /// <summary>Lane-wise negation.</summary>
    static abstract TSelf operator -(TSelf a);

    /// <summary>e raised to each lane (<see cref="VectorMath.Exp(Vector256{float})"/>).</summary>
    static abstract TSelf Exp(TSelf x);

    /// <summary>The natural logarithm of each lane.</summary>
    static abstract TSelf Log(TSelf x);

    /// <summary>log(1 + x), accurate for small x.</summary>
    static abstract TSelf Log1p(TSelf x);

    /// <summary>exp(x) - 1, accurate for small x.</summary>
    static abstract TSelf Expm1(TSelf x);

    /// <summary>1 / (1 + exp(-x)).</summary>
    static abstract TSelf Sigmoid(TSelf x);

    /// <summary>log(1 + exp(x)), without overflow.</summary>
    static abstract TSelf Softplus(TSelf x);

    /// <summary>The hyperbolic tangent.</summary>
    static abstract TSelf Tanh(TSelf x);

    /// <summary>log(exp(a) + exp(b)), without overflow.</summary>
    static abstract TSelf LogAddExp(TSelf a, TSelf b);

    /// <summary>The absolute value.</summary>
    static abstract TSelf Abs(TSelf x);

    /// <summary>The square root.</summary>
    static abstract TSelf Sqrt(TSelf x);

    /// <summary>The largest integer not above each lane.</summary>
    static abstract TSelf Floor(TSelf x);

    /// <summary>-1, 0 or 1 (0 for NaN).</summary>
    static abstract TSelf Sign(TSelf x);

    /// <summary>IEEE 754:2019 maximum: NaN if either is NaN, +0 above -0.</summary>
    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>IEEE 754:2019 minimum: NaN if either is NaN, -0 below +0.</summary>
    static abstract TSelf Min(TSelf a, TSelf b);

    /// <summary><c>a * b + c</c>, with one rounding where the CPU fuses it.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>1 where <c>a &gt;= b</c>, else 0.</summary>
    static abstract TSelf GreaterOrEqualMask(TSelf a, TSelf b);

    /// <summary>1 where <c>a &gt; b</c>, 1/2 where they are equal, else 0.</summary>
    static abstract TSelf StepMask(TSelf a, TSelf b);

    /// <summary>1 where <c>a == b</c>, else 0.</summary>
    static abstract TSelf EqualMask(TSelf a, TSelf b);

    /// <summary>1 in the lane whose element index (<paramref name="index"/> + lane) is <paramref name="label"/>, else 0.</summary>
    static abstract TSelf OneHot(nuint index, int label);
}
