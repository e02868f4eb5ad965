package dev.dicomcmk.template.expressions;

import java.util.Objects;

/** Where a template is deployed, and how strictly unknown values are treated. */
public record DeploymentScope(String subscriptionId, String tenantId, String resourceGroupName, String resourceGroupLocation,
                              String deploymentName, EvaluationContext.Mode mode, ReferenceResolver references) {

    public DeploymentScope {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(resourceGroupName, "resourceGroupName");
        Objects.requireNonNull(mode, "mode");
        references = references == null ? ReferenceResolver.NONE : references;
    }

    /** The scope of a nested deployment that names another subscription or resource group. */
    DeploymentScope nested(String deploymentName, String otherSubscription, String otherResourceGroup) {
        boolean sameGroup = otherResourceGroup == null || otherResourceGroup.equalsIgnoreCase(resourceGroupName);
        return new DeploymentScope(otherSubscription == null ? subscriptionId : otherSubscription, tenantId,
                otherResourceGroup == null ? resourceGroupName : otherResourceGroup,
                // another group's location is not known from the template
                sameGroup ? resourceGroupLocation : null, deploymentName, mode, references);
    }
}
