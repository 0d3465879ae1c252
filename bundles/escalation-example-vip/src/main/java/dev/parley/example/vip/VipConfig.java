package dev.parley.example.vip;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code <home>/etc/dev.parley.example.vip.cfg}: who is a VIP and where their tickets go. */
@ObjectClassDefinition(name = "Parley example: VIP customers", description = "Tickets from these customers become URGENT")
public @interface VipConfig {

    String PID = "dev.parley.example.vip";

    @AttributeDefinition(description = "VIP customers by platform handle (without @) or display name; entries may be comma-separated")
    String[] customers() default {};

    @AttributeDefinition(description = "The group VIP tickets are assigned to")
    String group() default "vip-desk";
}
