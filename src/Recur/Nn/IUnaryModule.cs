namespace Recur.Nn;

/// <summary>A module that maps one tensor to one tensor, so that it can be chained in <see cref="Sequential"/>.</summary>
public interface IUnaryModule
{
    Tensor Forward(Tensor input);
}
