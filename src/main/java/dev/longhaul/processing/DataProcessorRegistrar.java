package dev.longhaul.processing;

import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import dev.longhaul.worker.LoopWorker;

/**
 * Registers one {@code data-processor-N} worker bean per unit of
 * {@code longhaul.processing.concurrency}, so that each is a lifecycle bean of its own,
 * listed, paused and stopped like any worker.
 */
final class DataProcessorRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		ProcessingProperties properties = Binder.get(this.environment)
			.bindOrCreate("longhaul.processing", ProcessingProperties.class);
		for (int i = 1; i <= properties.effectiveConcurrency(); i++) {
			registry.registerBeanDefinition("dataProcessor" + i,
					BeanDefinitionBuilder.genericBeanDefinition(LoopWorker.class)
						.setFactoryMethodOnBean("create", "dataProcessors")
						.addConstructorArgValue(i)
						.getBeanDefinition());
		}
	}

}
