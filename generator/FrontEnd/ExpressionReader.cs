using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Diagnostics;
using KernelGen.Generator.Ir;
using KernelGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KernelGen.Generator.FrontEnd;

/// <summary>
/// Reads a kernel body's <see cref="IOperation"/> tree into IR nodes. Calls are resolved by symbol: an
/// <c>Ops</c> method maps to its op, a Vec/Mat operator to arithmetic, another [Kernel] method is inlined.
/// Anything else becomes a diagnostic on the offending syntax, and reading goes on to find more.
/// </summary>
internal sealed class ExpressionReader
{
    private readonly KnownSymbols _symbols;
    private readonly Compilation _compilation;
    private readonly string _filePath;
    private readonly SyntaxTree _tree;
    private readonly List<ExprNode> _nodes = new();
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly Stack<IMethodSymbol> _inlining = new();

    public ExpressionReader(KnownSymbols symbols, Compilation compilation, SyntaxTree tree, string filePath, List<DiagnosticInfo> diagnostics)
    {
        _symbols = symbols;
        _compilation = compilation;
        _tree = tree;
        _filePath = filePath;
        _diagnostics = diagnostics;
    }

    public List<ExprNode> Nodes => _nodes;

    /// <summary>
    /// True when the body contains code the C# compiler rejects. Such code has no meaning to compile, and
    /// the compiler's own error says what to fix, so the kernel is skipped without a second error.
    /// </summary>
    public bool ReadCodeWithErrors { get; private set; }

    /// <summary>Adds a leaf for a kernel parameter and returns its index.</summary>
    public int AddParameter(ParamKind kind, int ordinal, SourceSpan span)
        => Add(kind == ParamKind.Label ? Op.Label : Op.Input, span, param: ordinal);

    /// <summary>Reads the body of <paramref name="kernel"/>; <paramref name="arguments"/> maps its parameters to nodes.</summary>
    public int ReadKernelBody(IMethodSymbol kernel, IOperation body, Dictionary<IParameterSymbol, int> arguments, SourceSpan? callSite)
    {
        _inlining.Push(kernel);
        try
        {
            return Read(body, arguments, callSite);
        }
        finally
        {
            _inlining.Pop();
        }
    }

    private int Read(IOperation operation, Dictionary<IParameterSymbol, int> arguments, SourceSpan? callSite)
    {
        var span = callSite ?? SpanOf(operation);

        // Code the C# compiler rejects (an unknown name, no matching overload, an operator the types lack)
        // binds to an invalid operation or an error type. The compiler's error already points at it.
        if ((operation is IInvalidOperation || operation.Type is { TypeKind: TypeKind.Error }) && HasCompilerError(operation))
        {
            ReadCodeWithErrors = true;
            return Add(Op.Const, span);
        }

        if (operation.ConstantValue.HasValue && IsNumber(operation.ConstantValue.Value))
            return Add(Op.Const, span, value: System.Convert.ToSingle(operation.ConstantValue.Value, System.Globalization.CultureInfo.InvariantCulture));

        switch (operation)
        {
            case IParameterReferenceOperation reference:
                if (arguments.TryGetValue(reference.Parameter, out int node))
                {
                    if (_nodes[node].Op == Op.Label)
                        return Fail(DiagnosticDescriptors.UnsupportedExpression, span, operation.Syntax.ToString(), "an int label can only be used as an index, v[label]");
                    return node;
                }
                return Fail(DiagnosticDescriptors.UnsupportedExpression, span, operation.Syntax.ToString(), "a parameter of another method");

            case IConversionOperation conversion:
                if (conversion.Operand.Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64)
                {
                    // Only a label parameter deserves the label hint; anything else (x.Length, say) is not a
                    // label at all, and telling the user to index with it would mislead.
                    bool isLabel = conversion.Operand is IParameterReferenceOperation;
                    return Fail(DiagnosticDescriptors.UnsupportedExpression, span, operation.Syntax.ToString(),
                        isLabel ? "an int label can only be used as an index, v[label]" : "only float values take part in kernel arithmetic, and this is an int");
                }
                return Read(conversion.Operand, arguments, callSite);

            case IParenthesizedOperation parenthesized:
                return Read(parenthesized.Operand, arguments, callSite);

            case IUnaryOperation unary when unary.OperatorKind == UnaryOperatorKind.Plus:
                return Read(unary.Operand, arguments, callSite);

            case IUnaryOperation unary when unary.OperatorKind == UnaryOperatorKind.Minus:
                return Add(Op.Neg, span, Read(unary.Operand, arguments, callSite));

            case IBinaryOperation binary:
                return ReadBinary(binary, arguments, callSite, span);

            case IInvocationOperation invocation:
                return ReadInvocation(invocation, arguments, callSite, span);

            case IPropertyReferenceOperation property when property.Property.IsIndexer && _symbols.IsVec(property.Property.ContainingType):
            {
                int vector = Read(property.Instance!, arguments, callSite);
                int index = ReadIndex(property.Arguments[0].Value, arguments, callSite);
                return Add(Op.Gather, span, vector, index);
            }

            default:
                return Fail(DiagnosticDescriptors.UnsupportedExpression, span, operation.Syntax.ToString(), Describe(operation));
        }
    }

    /// <summary>Whether the C# compiler reports an error inside <paramref name="operation"/>'s syntax.</summary>
    private static bool HasCompilerError(IOperation operation)
        => operation.SemanticModel is { } model
            && model.GetDiagnostics(operation.Syntax.Span).Any(d => d.Severity == DiagnosticSeverity.Error);

    private int ReadBinary(IBinaryOperation binary, Dictionary<IParameterSymbol, int> arguments, SourceSpan? callSite, SourceSpan span)
    {
        bool userOperator = binary.OperatorMethod is { } method
            && (_symbols.IsVec(method.ContainingType) || _symbols.IsMat(method.ContainingType));
        bool floatOperator = binary.OperatorMethod is null && binary.Type?.SpecialType == SpecialType.System_Single;
        if (!userOperator && !floatOperator)
            return Fail(DiagnosticDescriptors.UnsupportedExpression, span, binary.Syntax.ToString(), "only float, Vec and Mat arithmetic is supported");

        var op = binary.OperatorKind switch
        {
            BinaryOperatorKind.Add => Op.Add,
            BinaryOperatorKind.Subtract => Op.Sub,
            BinaryOperatorKind.Multiply => _symbols.IsMat(binary.LeftOperand.Type) && _symbols.IsVec(binary.RightOperand.Type) ? Op.MatVec : Op.Mul,
            BinaryOperatorKind.Divide => Op.Div,
            _ => (Op?)null,
        };
        if (op is null)
            return Fail(DiagnosticDescriptors.UnsupportedExpression, span, binary.Syntax.ToString(), $"operator '{binary.OperatorKind}' has no kernel meaning");

        int left = Read(binary.LeftOperand, arguments, callSite);
        int right = Read(binary.RightOperand, arguments, callSite);
        return Add(op.Value, span, left, right);
    }

    private int ReadInvocation(IInvocationOperation invocation, Dictionary<IParameterSymbol, int> arguments, SourceSpan? callSite, SourceSpan span)
    {
        var target = invocation.TargetMethod;
        var ordered = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).ToList();

        if (SymbolEqualityComparer.Default.Equals(target.ContainingType, _symbols.Ops))
        {
            var op = MapOpsMethod(target);
            if (op is null)
                return Fail(DiagnosticDescriptors.UnsupportedCall, span, target.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat));
            var operands = new int[ordered.Count];
            for (int i = 0; i < ordered.Count; i++)
            {
                bool isLabel = ordered[i].Parameter?.Type.SpecialType == SpecialType.System_Int32;
                operands[i] = isLabel ? ReadIndex(ordered[i].Value, arguments, callSite) : Read(ordered[i].Value, arguments, callSite);
            }
            return Add(op.Value, span, operands.ElementAtOrDefault(0, -1), operands.ElementAtOrDefault(1, -1), operands.ElementAtOrDefault(2, -1));
        }

        if (_symbols.IsKernel(target))
            return Inline(target, ordered, arguments, callSite, span);

        return Fail(DiagnosticDescriptors.UnsupportedCall, span, target.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat));
    }

    private int Inline(IMethodSymbol callee, List<IArgumentOperation> ordered, Dictionary<IParameterSymbol, int> arguments, SourceSpan? callSite, SourceSpan span)
    {
        if (_inlining.Any(m => SymbolEqualityComparer.Default.Equals(m, callee)))
        {
            // Name the kernel on the cycle and the cycle itself: a kernel that merely calls into a cycle
            // (A -> B -> C -> B) does not call itself, B does.
            var path = _inlining.Reverse().ToList();
            int start = path.FindIndex(m => SymbolEqualityComparer.Default.Equals(m, callee));
            var chain = string.Join(" -> ", path.Skip(start).Select(m => m.Name).Concat(new[] { callee.Name }));
            return Fail(DiagnosticDescriptors.RecursiveKernel, span, callee.Name, chain);
        }

        var body = KernelReader.BodyOf(callee);
        if (body is null)
            return Fail(DiagnosticDescriptors.UnsupportedCall, span, callee.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + " (a kernel whose source is not in this project, or whose body is not one expression,");

        var map = new Dictionary<IParameterSymbol, int>(SymbolEqualityComparer.Default);
        foreach (var argument in ordered)
        {
            if (argument.Parameter is null) continue;
            bool isLabel = argument.Parameter.Type.SpecialType == SpecialType.System_Int32;
            map[argument.Parameter.OriginalDefinition] = isLabel ? ReadIndex(argument.Value, arguments, callSite) : Read(argument.Value, arguments, callSite);
        }

        var model = _compilation.GetSemanticModel(body.SyntaxTree);
        var operation = model.GetOperation(body);
        if (operation is null)
            return Fail(DiagnosticDescriptors.UnsupportedCall, span, callee.Name);
        // Everything read from the callee is reported at the call site: that is where this kernel uses it.
        return ReadKernelBody(callee, operation, map, callSite ?? span);
    }

    private int ReadIndex(IOperation operation, Dictionary<IParameterSymbol, int> arguments, SourceSpan? callSite)
    {
        var span = callSite ?? SpanOf(operation);
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        if (operation.ConstantValue is { HasValue: true, Value: int constant } && constant >= 0)
            return Add(Op.Label, span, value: constant, param: -1);
        if (operation is IParameterReferenceOperation reference && arguments.TryGetValue(reference.Parameter, out int node) && _nodes[node].Op == Op.Label)
            return node;
        if (operation.ConstantValue is { HasValue: true, Value: int negative })
            return Fail(DiagnosticDescriptors.InvalidIndex, span, operation.Syntax.ToString(), $"is negative; elements are counted from 0, so the first is v[0] and v[{negative}] has no element");
        return Fail(DiagnosticDescriptors.InvalidIndex, span, operation.Syntax.ToString(), "is not an int parameter of the kernel or an integer constant; write v[label] with an int parameter");
    }

    private Op? MapOpsMethod(IMethodSymbol method)
    {
        int arity = method.Parameters.Length;
        bool vectorArgument = arity > 0 && _symbols.IsVec(method.Parameters[0].Type);
        bool secondIsLabel = arity > 1 && method.Parameters[1].Type.SpecialType == SpecialType.System_Int32;
        return method.Name switch
        {
            "Exp" => Op.Exp,
            "Log" => Op.Log,
            "Abs" => Op.Abs,
            "Sqrt" => Op.Sqrt,
            "Square" => Op.Square,
            "Log1p" => Op.Log1p,
            "Expm1" => Op.Expm1,
            "Sigmoid" => Op.Sigmoid,
            "Softplus" => Op.Softplus,
            "Tanh" => Op.Tanh,
            "LogAddExp" => Op.LogAddExp,
            "Relu" => Op.Relu,
            "LogSigmoid" => Op.LogSigmoid,
            "BinaryCrossEntropy" => Op.BinaryCrossEntropy,
            "Floor" => Op.Floor,
            "Sign" => Op.Sign,
            "StopGradient" => Op.StopGrad,
            "Min" => arity == 1 ? Op.ReduceMin : Op.Min,
            "Max" => arity == 1 ? Op.ReduceMax : Op.Max,
            "Sum" => Op.Sum,
            "Mean" => Op.Mean,
            "Dot" => Op.Dot,
            "Softmax" => Op.Softmax,
            "LogSoftmax" => Op.LogSoftmax,
            "LogSumExp" => Op.LogSumExp,
            "Softmin" => Op.Softmin,
            "CrossEntropy" when vectorArgument => secondIsLabel ? Op.CrossEntropyLabel : Op.CrossEntropySoft,
            "Nll" => Op.Nll,
            "Mse" => Op.Mse,
            "Huber" => Op.Huber,
            _ => null,
        };
    }

    private int Add(Op op, SourceSpan span, int a = -1, int b = -1, int c = -1, float value = 0f, int param = -1)
    {
        _nodes.Add(new ExprNode(op, a, b, c, value, param, span));
        return _nodes.Count - 1;
    }

    /// <summary>Records the diagnostic and returns a placeholder constant so reading can continue.</summary>
    private int Fail(DiagnosticDescriptor descriptor, SourceSpan span, params string[] arguments)
    {
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, _filePath, span, arguments));
        return Add(Op.Const, span);
    }

    private SourceSpan SpanOf(IOperation operation)
        => operation.Syntax.SyntaxTree == _tree ? SourceSpan.From(operation.Syntax.GetLocation()) : SourceSpan.None;

    private static bool IsNumber(object? value) => value is int or long or float or double;

    private static string Describe(IOperation operation) => operation switch
    {
        IInvalidOperation => "it does not compile as C#",
        ILocalReferenceOperation => "locals are not supported; inline the value",
        IFieldReferenceOperation => "fields are not supported; pass the value as a parameter",
        IConditionalOperation => "conditionals are not supported; use Min, Max or Abs",
        IAnonymousFunctionOperation => "lambdas are not supported",
        IPropertyReferenceOperation => "properties are not supported",
        _ => $"{operation.Kind} is not supported",
    };
}

internal static class ListExtensions
{
    public static T ElementAtOrDefault<T>(this IReadOnlyList<T> list, int index, T fallback)
        => index < list.Count ? list[index] : fallback;
}
