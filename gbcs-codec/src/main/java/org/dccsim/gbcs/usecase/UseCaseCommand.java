package org.dccsim.gbcs.usecase;

/**
 * A command of one GBCS use case, as values a user of the domain recognises ({@link LimitApcLevel},
 * {@link ReadProfile}, ...), turned into its DLMS items for a given sender, recipient and counter. The typed
 * commands parse back from the items they produce ({@link UseCaseCommands#parse}).
 */
public interface UseCaseCommand {

    /** The use case id, e.g. "ECS47e"; its message code and flags come from {@link UseCaseRegistry}. */
    String useCaseId();

    DlmsItems items(CommandContext context);

    default UseCase useCase() {
        return UseCaseRegistry.standard().byId(useCaseId())
                .orElseThrow(() -> new IllegalStateException("no message code known for " + useCaseId()));
    }
}
