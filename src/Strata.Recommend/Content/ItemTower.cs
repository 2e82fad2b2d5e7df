using System.Numerics.Tensors;

namespace Strata.Recommend.Content;

/// <summary>
/// A trainable item tower over the frozen sentence encoder's vectors (UniSRec's idea, Hou et al. 2022: parametric
/// whitening, then a small adapter learned from behaviour): <c>u = x − b</c>, <c>z = u + W₂ · silu(W₁ u + c)</c>,
/// output <c>z / ‖z‖</c>. The shift <c>b</c> starts at the catalogue's mean vector (removing the encoder's common
/// direction, which makes every cosine look alike) and <c>W₂</c> at zero, so an untrained tower is the centred encoder.
/// It reads only an item's frozen vector, so it is inductive: any item with text gets a tuned vector, including items
/// no one has touched. Parameters live in one contiguous buffer, <c>[b | W₁ | c | W₂]</c>.
/// </summary>
public sealed class ItemTower
{
    /// <summary>Format version of <see cref="Write"/>; bump on any change of the layout or the function.</summary>
    public const int FormatVersion = 1;

    private readonly float[] _parameters;

    public ItemTower(int dimensions, int hidden, float[] parameters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        if (parameters.Length != ParameterCount(dimensions, hidden))
            throw new ArgumentException($"An item tower of {dimensions} dimensions and {hidden} hidden units has {ParameterCount(dimensions, hidden)} parameters, not {parameters.Length}.", nameof(parameters));
        Dimensions = dimensions;
        Hidden = hidden;
        _parameters = parameters;
    }

    public int Dimensions { get; }
    public int Hidden { get; }

    /// <summary>Every parameter, <c>[b | W₁ (hidden × dimensions) | c | W₂ (dimensions × hidden)]</c> (the trainer updates it in place).</summary>
    internal float[] Parameters => _parameters;

    public static int ParameterCount(int dimensions, int hidden) => dimensions + hidden * dimensions + hidden + dimensions * hidden;

    internal ReadOnlySpan<float> Shift => _parameters.AsSpan(0, Dimensions);
    internal ReadOnlySpan<float> W1 => _parameters.AsSpan(Dimensions, Hidden * Dimensions);
    internal ReadOnlySpan<float> Bias => _parameters.AsSpan(Dimensions + Hidden * Dimensions, Hidden);
    internal ReadOnlySpan<float> W2 => _parameters.AsSpan(Dimensions + Hidden * Dimensions + Hidden, Dimensions * Hidden);

    /// <summary>The untrained tower: shift at the mean of <paramref name="vectors"/>, W₁ small and seeded, W₂ zero.</summary>
    public static ItemTower Initial(float[] vectors, int dimensions, int hidden, int seed)
    {
        var parameters = new float[ParameterCount(dimensions, hidden)];
        var shift = parameters.AsSpan(0, dimensions);
        int items = vectors.Length / dimensions;
        for (int i = 0; i < items; i++) TensorPrimitives.Add(shift, vectors.AsSpan(i * dimensions, dimensions), shift);
        if (items > 0) TensorPrimitives.Multiply(shift, 1f / items, shift);
        var random = new Random(seed);
        var scale = 1.0 / Math.Sqrt(dimensions);
        var w1 = parameters.AsSpan(dimensions, hidden * dimensions);
        for (int i = 0; i < w1.Length; i++) w1[i] = (float)(Gaussian(random) * scale);
        return new ItemTower(dimensions, hidden, parameters);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>The tuned unit vector of one frozen vector.</summary>
    public void Transform(ReadOnlySpan<float> frozen, Span<float> tuned)
    {
        var state = new Activations(Dimensions, Hidden);
        Forward(frozen, state);
        state.Output.CopyTo(tuned);
    }

    /// <summary>Tuned vectors of every row of <paramref name="frozen"/> (row-major, <see cref="Dimensions"/> wide).</summary>
    public float[] TransformAll(float[] frozen)
    {
        if (frozen.Length % Dimensions != 0) throw new ArgumentException($"{frozen.Length} values are not rows of {Dimensions}.", nameof(frozen));
        var tuned = new float[frozen.Length];
        int rows = frozen.Length / Dimensions;
        Parallel.For(0, rows, () => new Activations(Dimensions, Hidden), (i, _, state) =>
        {
            Forward(frozen.AsSpan(i * Dimensions, Dimensions), state);
            state.Output.CopyTo(tuned.AsSpan(i * Dimensions, Dimensions));
            return state;
        }, _ => { });
        return tuned;
    }

    /// <summary>One row's intermediate values, kept for the backward pass.</summary>
    internal sealed class Activations(int dimensions, int hidden)
    {
        public float[] Centred { get; } = new float[dimensions];
        public float[] PreActivation { get; } = new float[hidden];
        public float[] Hidden { get; } = new float[hidden];
        public float[] Output { get; } = new float[dimensions];
        public float Norm { get; set; }
    }

    internal void Forward(ReadOnlySpan<float> frozen, Activations state)
    {
        int d = Dimensions, h = Hidden;
        TensorPrimitives.Subtract(frozen, Shift, state.Centred);
        var w1 = W1;
        var bias = Bias;
        for (int j = 0; j < h; j++)
        {
            var a = TensorPrimitives.Dot(w1.Slice(j * d, d), state.Centred) + bias[j];
            state.PreActivation[j] = a;
            state.Hidden[j] = a / (1f + MathF.Exp(-a));
        }
        var w2 = W2;
        var output = state.Output;
        for (int k = 0; k < d; k++) output[k] = state.Centred[k] + TensorPrimitives.Dot(w2.Slice(k * h, h), state.Hidden);
        var norm = TensorPrimitives.Norm(output);
        state.Norm = norm > 0 ? norm : 1f;
        TensorPrimitives.Multiply(output, 1f / state.Norm, output);
    }

    /// <summary>
    /// Adds ∂L/∂θ to <paramref name="gradient"/> given ∂L/∂e for the output e of the row whose forward pass left <paramref name="state"/>.
    /// <paramref name="scratch"/> holds two buffers of <see cref="Dimensions"/> and one of <see cref="Hidden"/>.
    /// </summary>
    internal void Backward(Activations state, ReadOnlySpan<float> outputGradient, Span<float> gradient, Span<float> scratch)
    {
        int d = Dimensions, h = Hidden;
        var dz = scratch[..d];
        var du = scratch.Slice(d, d);
        var dh = scratch.Slice(2 * d, h);
        // e = z/‖z‖: ∂L/∂z = (g − e (e·g)) / ‖z‖.
        var e = state.Output;
        var along = TensorPrimitives.Dot(e, outputGradient);
        TensorPrimitives.MultiplyAdd(e, -along, outputGradient, dz);
        TensorPrimitives.Multiply(dz, 1f / state.Norm, dz);

        var gShift = gradient[..d];
        var gW1 = gradient.Slice(d, h * d);
        var gBias = gradient.Slice(d + h * d, h);
        var gW2 = gradient.Slice(d + h * d + h, d * h);
        var w1 = W1;
        var w2 = W2;
        // z = u + W₂ r: ∂W₂[k] += dz[k] r, ∂r = W₂ᵀ dz, ∂u = dz + W₁ᵀ ∂a.
        dh.Clear();
        for (int k = 0; k < d; k++)
        {
            var rowGradient = gW2.Slice(k * h, h);
            TensorPrimitives.MultiplyAdd(state.Hidden, dz[k], rowGradient, rowGradient);
            TensorPrimitives.MultiplyAdd(w2.Slice(k * h, h), dz[k], dh, dh);
        }
        // silu(a) = a σ(a): silu′(a) = σ(a) (1 + a (1 − σ(a))).
        for (int j = 0; j < h; j++)
        {
            var a = state.PreActivation[j];
            var sigma = 1f / (1f + MathF.Exp(-a));
            dh[j] *= sigma * (1f + a * (1f - sigma));
        }
        dz.CopyTo(du);
        for (int j = 0; j < h; j++)
        {
            var rowGradient = gW1.Slice(j * d, d);
            TensorPrimitives.MultiplyAdd(state.Centred, dh[j], rowGradient, rowGradient);
            TensorPrimitives.MultiplyAdd(w1.Slice(j * d, d), dh[j], du, du);
        }
        TensorPrimitives.Add(gBias, dh, gBias);
        // u = x − b: ∂b = −∂u.
        TensorPrimitives.Subtract(gShift, du, gShift);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(FormatVersion);
        writer.Write(Dimensions);
        writer.Write(Hidden);
        foreach (var value in _parameters) writer.Write(value);
    }

    /// <exception cref="InvalidDataException">Another format version or an impossible shape.</exception>
    public static ItemTower Read(BinaryReader reader)
    {
        var version = reader.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"Item tower format {version} is not the supported {FormatVersion}: refit the model.");
        int dimensions = reader.ReadInt32(), hidden = reader.ReadInt32();
        if (dimensions < 1 || hidden < 1 || (long)dimensions * hidden > 1 << 26)
            throw new InvalidDataException($"Item tower of {dimensions} dimensions and {hidden} hidden units is not a valid shape.");
        var parameters = new float[ParameterCount(dimensions, hidden)];
        for (int i = 0; i < parameters.Length; i++) parameters[i] = reader.ReadSingle();
        return new ItemTower(dimensions, hidden, parameters);
    }
}
