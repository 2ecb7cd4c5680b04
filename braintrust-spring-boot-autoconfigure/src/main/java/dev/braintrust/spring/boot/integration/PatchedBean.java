package dev.braintrust.spring.boot.integration;

/**
 * A bean an integration wrapped.
 *
 * @param name the bean name
 * @param type the reported type, usually the library interface
 */
public record PatchedBean(String name, String type) {

}
