using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Api.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Text;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Conversations;
using SocialCare.Grains.Abstractions.Customers;

namespace SocialCare.Api.Customers;

public sealed class CustomerGrpcService(IGrainFactory grains) : Wire.CustomerService.CustomerServiceBase
{
    public override async Task<Wire.GetCustomerResponse> GetCustomer(Wire.GetCustomerRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, customerId) = ResourceNames.ParseCustomer("name", request.Name);
        var profile = await Customer(tenantId, customerId).GetAsync();
        return new Wire.GetCustomerResponse { Customer = await ToProtoAsync(tenantId, profile, context.Caller()) };
    }

    public override async Task<Wire.LinkIdentityResponse> LinkIdentity(Wire.LinkIdentityRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, customerId) = ResourceNames.ParseCustomer("name", request.Name);
        var channel = request.Channel.ToDomain("channel");
        FieldRules.RequireId("network_user_id", request.NetworkUserId);
        var customer = Customer(tenantId, customerId);
        if ((await customer.GetAsync()).MergedInto is { } mergedInto)
        {
            throw new CareException(
                CareErrorKind.FailedPrecondition,
                $"name: customer \"{customerId}\" was merged into {ResourceNames.Customer(tenantId, mergedInto)}; link the identity there.",
                "name");
        }

        await grains.GetCareGrain<IAuthorGrain>(GrainKeys.Author(tenantId, channel, request.NetworkUserId)).MoveToCustomerAsync(customerId);
        return new Wire.LinkIdentityResponse { Customer = await ToProtoAsync(tenantId, await customer.GetAsync(), context.Caller()) };
    }

    private ICustomerGrain Customer(string tenantId, string customerId) =>
        grains.GetCareGrain<ICustomerGrain>(GrainKeys.Customer(tenantId, customerId));

    /// <summary>The customer as the caller may see it: a team-limited caller sees only its teams' conversations.</summary>
    private async Task<Wire.Customer> ToProtoAsync(string tenantId, CustomerProfile profile, CareCaller caller)
    {
        var customer = new Wire.Customer
        {
            Name = ResourceNames.Customer(tenantId, profile.CustomerId),
            CustomerId = profile.CustomerId,
            MergedInto = profile.MergedInto is null ? "" : ResourceNames.Customer(tenantId, profile.MergedInto),
        };
        customer.Identities.AddRange(profile.Identities.Select(i => new Wire.CustomerIdentity
        {
            Channel = i.Channel.ToProto(),
            NetworkUserId = i.NetworkUserId,
            Handle = i.Handle,
            DisplayName = i.DisplayName,
        }));
        var visible = await profile.Conversations.VisibleToAsync(caller, grains, tenantId);
        customer.Conversations.AddRange(visible.Select(c => c.ToProto(tenantId)));
        return customer;
    }
}
